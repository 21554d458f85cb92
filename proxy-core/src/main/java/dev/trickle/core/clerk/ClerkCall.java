package dev.trickle.core.clerk;

import java.io.IOException;

/**
 * One logical Clerk call as {@link CallRunner} sends it, possibly several times.
 *
 * @param operation metric tag, e.g. {@code create_user}
 * @param pathAndQuery below the base URL, already encoded
 * @param body JSON or {@code null}; may hold a password, so it is never logged
 * @param replayable whether sending it again after an ambiguous failure is harmless; false for
 *     create, where a second user could appear
 * @param userKey the user whose per-user update limit applies, or {@code null}
 * @param reader reads the answers that are values rather than failures
 */
record ClerkCall<T>(
        String operation,
        String method,
        String pathAndQuery,
        byte[] body,
        boolean replayable,
        String userKey,
        ResponseReader<T> reader) {

    /** Reads an answer into a value, or returns {@code null} for a failure status. */
    @FunctionalInterface
    interface ResponseReader<T> {
        T read(int status, byte[] body) throws IOException;
    }

    @Override
    public String toString() {
        return "ClerkCall[" + operation + " " + method + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
