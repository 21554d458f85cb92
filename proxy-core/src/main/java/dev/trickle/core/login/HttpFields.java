package dev.trickle.core.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Header fields in arrival order, looked up case-insensitively; immutable. */
public final class HttpFields {
    private final List<Map.Entry<String, String>> fields;

    private HttpFields(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
    }

    public static HttpFields of(List<Map.Entry<String, String>> fields) {
        return new HttpFields(fields);
    }

    public Optional<String> first(String name) {
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                values.add(field.getValue());
            }
        }
        return values;
    }

    public List<Map.Entry<String, String>> asList() {
        return fields;
    }

    /** Names only: values can be cookies or credentials. */
    @Override
    public String toString() {
        return "HttpFields" + fields.stream().map(Map.Entry::getKey).toList();
    }
}
