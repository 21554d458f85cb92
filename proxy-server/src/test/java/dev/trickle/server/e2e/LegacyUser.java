package dev.trickle.server.e2e;

import java.time.Instant;

/**
 * A user of the legacy test app as its own table stores them: the digest made by a real tool and
 * the format the app knows it by; the password is kept only so tests can type it.
 */
public record LegacyUser(
        long id,
        String username,
        String email,
        String firstName,
        Instant joined,
        String format,
        String digest,
        String password) {

    public String legacyId() {
        return Long.toString(id);
    }

    @Override
    public String toString() {
        return "LegacyUser[" + id + ", " + username + ", " + format + "]";
    }
}
