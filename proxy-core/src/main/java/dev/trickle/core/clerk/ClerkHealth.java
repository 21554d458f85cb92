package dev.trickle.core.clerk;

/** Whether Clerk accepts the configured secret key, for readiness checks. */
public enum ClerkHealth {
    /** No authentication failure since start, or the last call after one succeeded. */
    UP,
    /** The last answer was 401/403 for the key: fix {@code clerk.secretKey}. */
    AUTHENTICATION_FAILED
}
