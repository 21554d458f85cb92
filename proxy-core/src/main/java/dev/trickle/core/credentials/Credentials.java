package dev.trickle.core.credentials;

import static java.util.Objects.requireNonNull;

/**
 * What a user typed to log in. {@link #toString()} never shows the password; callers hand the
 * password only to the hash verifier or the Clerk client.
 */
public record Credentials(String identifier, String password) {
    public Credentials {
        requireNonNull(identifier, "identifier");
        requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[identifier=" + identifier + ", password=<masked>]";
    }
}
