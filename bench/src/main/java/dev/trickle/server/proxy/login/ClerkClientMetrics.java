package dev.trickle.server.proxy.login;

/**
 * What Trickle recorded about its migrations between two scrapes, as sums and counts: time its
 * Clerk client waited for rate-limiter permits, time in Clerk HTTP calls, and whole migrations
 * (ledger claim to settled, which holds both).
 */
record ClerkClientMetrics(
        double limiterWaitSeconds,
        long limiterWaits,
        double requestSeconds,
        long requests,
        double migrationSeconds,
        long migrations) {
    private static final String WAIT = "trickle_clerk_limiter_wait_seconds";
    private static final String REQUESTS = "trickle_clerk_requests_seconds";
    private static final String MIGRATION = "trickle_migration_duration_seconds";

    static ClerkClientMetrics between(PrometheusSamples before, PrometheusSamples after) {
        return new ClerkClientMetrics(
                after.sum(WAIT + "_sum") - before.sum(WAIT + "_sum"),
                (long) (after.sum(WAIT + "_count") - before.sum(WAIT + "_count")),
                after.sum(REQUESTS + "_sum") - before.sum(REQUESTS + "_sum"),
                (long) (after.sum(REQUESTS + "_count") - before.sum(REQUESTS + "_count")),
                after.sum(MIGRATION + "_sum") - before.sum(MIGRATION + "_sum"),
                (long) (after.sum(MIGRATION + "_count") - before.sum(MIGRATION + "_count")));
    }
}
