package dev.trickle.core.credentials;

import dev.trickle.core.login.ParameterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of a form body in arrival order, every copy kept, read the way the stacks behind
 * Trickle read them. A field counts as repeated not only when its exact name comes twice but also
 * when another name means the same to PHP ({@link ParameterNames}), and a name with brackets after
 * it ({@code log[]}, {@code user[email][x]}) turns the value into a list or map in PHP and Rack:
 * either way the app may read another value than Trickle.
 */
final class FormValues {
    private final List<Map.Entry<String, String>> fields;

    FormValues(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
    }

    FieldValue read(String name, DuplicatePolicy policy) {
        String wanted = ParameterNames.canonical(name);
        List<String> copies = new ArrayList<>();
        for (Map.Entry<String, String> field : fields) {
            if (ParameterNames.canonical(field.getKey()).equals(wanted)) {
                copies.add(field.getValue());
            } else if (ParameterNames.isStructured(field.getKey(), name)) {
                return new FieldValue.Ambiguous("form field " + name + " is sent as a list or map");
            }
        }
        if (copies.isEmpty()) {
            return FieldValue.MISSING;
        }
        if (copies.size() == 1) {
            return new FieldValue.Present(copies.get(0));
        }
        return switch (policy) {
            case FIRST -> new FieldValue.Present(copies.get(0));
            case LAST -> new FieldValue.Present(copies.get(copies.size() - 1));
            case REFUSE ->
                    new FieldValue.Ambiguous("form field " + name + " appears more than once");
        };
    }
}
