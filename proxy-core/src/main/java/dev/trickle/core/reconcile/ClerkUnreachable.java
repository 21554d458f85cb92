package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkError;

/**
 * A Clerk call failed even after the client's retries, so a cutover tool cannot go on without
 * guessing. Carries Clerk's error code, never a request body.
 */
public final class ClerkUnreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClerkUnreachable(String operation, ClerkError error) {
        super(
                "Clerk "
                        + operation
                        + " failed: "
                        + error.code()
                        + (error.httpStatus() == 0 ? "" : " (HTTP " + error.httpStatus() + ")")
                        + ": "
                        + error.message());
    }
}
