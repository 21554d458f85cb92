package dev.trickle.core.credentials;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, first value per field. */
final class FormBody {
    private final Map<String, String> fields;

    private FormBody(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    static FormBody parse(String body, Charset charset) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
            fields.putIfAbsent(name, value);
        }
        return new FormBody(fields);
    }

    String first(String field) {
        return fields.get(field);
    }
}
