package dev.trickle.core.importer;

import dev.trickle.core.clerk.ClerkClient;

/** Access to {@link BatchedLookups} for the command that composes an import. */
public final class ImportLookups {
    private ImportLookups() {}

    /** {@code clerk} with look-ups batched 100 to a call, lingering as its rate limit suggests. */
    public static ClerkClient batched(ClerkClient clerk) {
        return new BatchedLookups(clerk, BatchedLookups.lingerFor(clerk.rateLimit()));
    }

    /** Stops a batching client's timer; nothing for any other client. */
    public static void close(ClerkClient clerk) {
        if (clerk instanceof BatchedLookups batched) {
            batched.close();
        }
    }
}
