package dev.trickle.server.admin;

import dev.trickle.core.config.Secret;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Checks the admin token in an {@code Authorization} header. Scripts send {@code Bearer <token>}; a
 * browser cannot add that header when it navigates to the dashboard, so HTTP Basic with the token
 * as the password (any user name) is accepted too, and the 401 challenges both ways so the browser
 * asks for it. Nothing about a rejected header is logged or echoed.
 */
final class AdminAuth {
    static final String REALM = "trickle-admin";

    private final Secret token;

    AdminAuth(Secret token) {
        this.token = token;
    }

    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token.matches(authorization.substring(7).trim());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String password = basicPassword(authorization.substring(6).trim());
            return password != null && token.matches(password);
        }
        return false;
    }

    /** The password part of {@code user:password}, or null when the credentials are malformed. */
    private static String basicPassword(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        return colon < 0 ? null : credentials.substring(colon + 1);
    }

    static FullHttpResponse challenge() {
        FullHttpResponse denied =
                AdminResponses.text(HttpResponseStatus.UNAUTHORIZED, "Admin token required\n");
        HttpHeaders headers = denied.headers();
        headers.add(
                HttpHeaderNames.WWW_AUTHENTICATE,
                "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        headers.add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
        return denied;
    }
}
