package dev.trickle.core.credentials;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body: every field, every copy, in order. */
final class FormBody {
    private FormBody() {}

    /**
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    static FormValues parse(String body, Charset charset) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
            fields.add(Map.entry(name, value));
        }
        return new FormValues(fields);
    }
}
