package dev.trickle.core.config;

import static java.util.Objects.requireNonNull;

/**
 * A configured secret (API key, token, password). {@link #toString()} is masked so that logging a
 * settings record never prints it; call {@link #reveal()} only where the value is sent.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time comparison, so a token check does not leak how many characters matched. */
    public boolean matches(String candidate) {
        return candidate != null
                && java.security.MessageDigest.isEqual(
                        value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "<masked>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && matches(other.value);
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
