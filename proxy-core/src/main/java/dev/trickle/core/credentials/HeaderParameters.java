package dev.trickle.core.credentials;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ; name=value} parameters of a header such as Content-Type or Content-Disposition,
 * names lowercased, values unquoted (RFC 9110 quoted-string, backslash escapes). A semicolon inside
 * quotes belongs to the value, as in {@code name="a;b"}.
 */
final class HeaderParameters {
    private final String value;
    private final Map<String, String> parameters;
    private final boolean repeated;

    private HeaderParameters(String value, Map<String, String> parameters, boolean repeated) {
        this.value = value;
        this.parameters = parameters;
        this.repeated = repeated;
    }

    static HeaderParameters parse(String header) {
        Map<String, String> parameters = new LinkedHashMap<>();
        boolean repeated = false;
        int semicolon = header.indexOf(';');
        String value = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        int i = semicolon < 0 ? header.length() : semicolon + 1;
        while (i < header.length()) {
            int eq = header.indexOf('=', i);
            int nextSemicolon = header.indexOf(';', i);
            if (eq < 0 || (nextSemicolon >= 0 && nextSemicolon < eq)) {
                i = nextSemicolon < 0 ? header.length() : nextSemicolon + 1;
                continue;
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder parameter = new StringBuilder();
            i = eq + 1;
            while (i < header.length() && header.charAt(i) == ' ') {
                i++;
            }
            if (i < header.length() && header.charAt(i) == '"') {
                i++;
                while (i < header.length() && header.charAt(i) != '"') {
                    char c = header.charAt(i);
                    if (c == '\\' && i + 1 < header.length()) {
                        c = header.charAt(++i);
                    }
                    parameter.append(c);
                    i++;
                }
                int end = header.indexOf(';', i);
                i = end < 0 ? header.length() : end + 1;
            } else {
                int end = header.indexOf(';', i);
                parameter.append(header, i, end < 0 ? header.length() : end);
                i = end < 0 ? header.length() : end + 1;
            }
            repeated |= parameters.putIfAbsent(name, parameter.toString().trim()) != null;
        }
        return new HeaderParameters(value, parameters, repeated);
    }

    /** The header's value before its parameters, e.g. {@code multipart/form-data}. */
    String value() {
        return value;
    }

    /**
     * Whether a parameter is given twice ({@code name="a"; name="b"}): parsers disagree on which
     * one counts, so such a header says nothing reliable.
     */
    boolean hasRepeatedNames() {
        return repeated;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}
