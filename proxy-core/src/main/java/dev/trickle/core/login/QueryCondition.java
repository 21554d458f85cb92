package dev.trickle.core.login;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A condition on one query parameter that a request must meet to be a route's login: WordPress
 * posts every action to {@code /wp-login.php} and tells them apart by {@code ?action=}. A request
 * that does not meet it is not intercepted. Names are compared by {@link ParameterNames}; a name
 * with brackets after it ({@code action[]}) makes the value a list, which is no listed value.
 *
 * @param values the values that meet it, compared exactly
 * @param absentMeets whether a request without the parameter meets it
 */
public record QueryCondition(String parameter, Set<String> values, boolean absentMeets) {

    public QueryCondition {
        requireNonNull(parameter, "parameter");
        values = Set.copyOf(values);
    }

    public enum Verdict {
        MEETS,
        FAILS,
        /** A condition's parameter is given more than once: stacks keep different copies. */
        AMBIGUOUS
    }

    /** Whether the raw query (without {@code ?}) meets every condition. */
    public static Verdict evaluate(List<QueryCondition> conditions, String query) {
        if (conditions.isEmpty()) {
            return Verdict.MEETS;
        }
        List<String[]> pairs = pairs(query);
        Verdict verdict = Verdict.MEETS;
        for (QueryCondition condition : conditions) {
            Verdict one = condition.test(pairs);
            if (one == Verdict.AMBIGUOUS) {
                return one;
            }
            if (one == Verdict.FAILS) {
                verdict = Verdict.FAILS;
            }
        }
        return verdict;
    }

    private Verdict test(List<String[]> pairs) {
        String wanted = ParameterNames.canonical(parameter);
        List<String> copies = new ArrayList<>();
        boolean structured = false;
        for (String[] pair : pairs) {
            if (ParameterNames.canonical(pair[0]).equals(wanted)) {
                copies.add(pair[1]);
            } else if (ParameterNames.isStructured(pair[0], parameter)) {
                copies.add(pair[1]);
                structured = true;
            }
        }
        if (copies.size() > 1) {
            return Verdict.AMBIGUOUS;
        }
        if (copies.isEmpty()) {
            return absentMeets ? Verdict.MEETS : Verdict.FAILS;
        }
        return !structured && values.contains(copies.get(0)) ? Verdict.MEETS : Verdict.FAILS;
    }

    private static List<String[]> pairs(String query) {
        List<String[]> pairs = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            pairs.add(
                    new String[] {
                        decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? "" : decode(pair.substring(eq + 1))
                    });
        }
        return pairs;
    }

    /** As PHP and Django decode a query: {@code +} is a space, an invalid escape stays as it is. */
    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c == '+' ? ' ' : c & 0xFF);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
