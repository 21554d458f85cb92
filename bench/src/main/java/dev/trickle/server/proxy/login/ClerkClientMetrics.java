package dev.trickle.server.proxy.login;

/**
 * What Trickle's own Clerk client recorded between two scrapes: time spent waiting for
 * rate-limiter permits and time spent in Clerk HTTP calls, as sums and counts.
 */
record ClerkClientMetrics(
        double limiterWaitSeconds, long limiterWaits, double requestSeconds, long requests) {
    private static final String WAIT = "trickle_clerk_limiter_wait_seconds";
    private static final String REQUESTS = "trickle_clerk_requests_seconds";

    static ClerkClientMetrics between(PrometheusSamples before, PrometheusSamples after) {
        return new ClerkClientMetrics(
                after.sum(WAIT + "_sum") - before.sum(WAIT + "_sum"),
                (long) (after.sum(WAIT + "_count") - before.sum(WAIT + "_count")),
                after.sum(REQUESTS + "_sum") - before.sum(REQUESTS + "_sum"),
                (long) (after.sum(REQUESTS + "_count") - before.sum(REQUESTS + "_count")));
    }
}
