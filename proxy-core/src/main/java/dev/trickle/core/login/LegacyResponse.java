package dev.trickle.core.login;

import java.util.Arrays;

/** The legacy app's complete answer to a login, held until the migration step is done. */
public record LegacyResponse(int status, HttpFields headers, byte[] body) {

    public LegacyResponse {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyResponse other
                && status == other.status
                && headers.asList().equals(other.headers.asList())
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * status + Arrays.hashCode(body);
    }

    /** Leaves out the body and header values: they carry session cookies. */
    @Override
    public String toString() {
        return "LegacyResponse[" + status + ", " + headers + ", " + body.length + " body bytes]";
    }
}
