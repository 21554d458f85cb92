package dev.trickle.server.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two ways a user logs in to {@link LegacyLoginApp}, as a browser or an API client would. */
public final class Logins {
    private static final Pattern CSRF_COOKIE = Pattern.compile("csrftoken=([0-9a-f]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Logins() {}

    /** Loads the login page and returns the CSRF token its cookie and form carry. */
    public static String csrfToken(int port) throws IOException {
        RawExchange.Response page = RawExchange.get(port, "/login");
        Matcher m = CSRF_COOKIE.matcher(page.header("Set-Cookie"));
        if (page.status() != 200 || !m.find() || !page.body().contains(m.group(1))) {
            throw new IOException("no CSRF token on the login page: " + page.head());
        }
        return m.group(1);
    }

    public static RawExchange.Response form(
            int port, String csrfToken, String identifier, String password) throws IOException {
        return form(port, csrfToken, identifier, password, "");
    }

    /**
     * A form post; {@code padding} is sent as one more field, to make the body as big as needed.
     */
    public static RawExchange.Response form(
            int port, String csrfToken, String identifier, String password, String padding)
            throws IOException {
        String body =
                "csrfmiddlewaretoken="
                        + csrfToken
                        + "&username="
                        + URLEncoder.encode(identifier, StandardCharsets.UTF_8)
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8)
                        + (padding.isEmpty() ? "" : "&padding=" + padding);
        return RawExchange.post(
                port,
                "/login",
                "application/x-www-form-urlencoded",
                "csrftoken=" + csrfToken,
                body.getBytes(StandardCharsets.US_ASCII));
    }

    public static RawExchange.Response json(int port, String email, String password)
            throws IOException {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password);
        return RawExchange.post(
                port, "/api/login", "application/json", "", JSON.writeValueAsBytes(body));
    }

    /** A first login as a background task would make it: failures become unchecked. */
    public static RawExchange.Response jsonUnchecked(int port, LegacyUser user) {
        try {
            return json(port, user.email(), user.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
