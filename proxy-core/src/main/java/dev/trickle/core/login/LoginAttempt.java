package dev.trickle.core.login;

import java.util.Arrays;

/**
 * A login request as the client sent it, body complete. {@link #toString()} leaves the body out: it
 * holds the password.
 *
 * @param clientAddress the peer's IP address, for logs and rate decisions, never for metric tags
 */
public record LoginAttempt(
        String method,
        String uri,
        String path,
        HttpFields headers,
        byte[] body,
        String clientAddress) {

    public LoginAttempt {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginAttempt other
                && method.equals(other.method)
                && uri.equals(other.uri)
                && headers.asList().equals(other.headers.asList())
                && Arrays.equals(body, other.body)
                && clientAddress.equals(other.clientAddress);
    }

    @Override
    public int hashCode() {
        return 31 * uri.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "LoginAttempt[" + method + " " + path + ", " + body.length + " body bytes]";
    }
}
