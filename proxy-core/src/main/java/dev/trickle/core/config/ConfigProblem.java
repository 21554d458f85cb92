package dev.trickle.core.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with the configuration, reported as {@code path: value (expected: ...)} so an
 * operator can find the key at once. The value is omitted for secrets.
 */
public record ConfigProblem(String path, String message) {
    public ConfigProblem {
        requireNonNull(path, "path");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
