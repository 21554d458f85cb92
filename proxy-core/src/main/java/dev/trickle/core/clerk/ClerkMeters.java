package dev.trickle.core.clerk;

/** Names and tag keys of every meter the Clerk client records. */
public final class ClerkMeters {
    /** Timer (with histogram) of each HTTP attempt; tags operation, status, outcome. */
    public static final String REQUESTS = "trickle.clerk.requests";

    /** Counter of 429 answers; tag operation. */
    public static final String RATE_LIMITED = "trickle.clerk.rate.limited";

    /** Counter of attempts after the first; tags operation, outcome (of the failed attempt). */
    public static final String RETRIES = "trickle.clerk.retries";

    /** Timer of time spent waiting for a rate-limiter permit; tag limiter (instance, user). */
    public static final String LIMITER_WAIT = "trickle.clerk.limiter.wait";

    /** Counter of calls refused because no permit was free before the deadline; tag limiter. */
    public static final String LIMITER_REJECTED = "trickle.clerk.limiter.rejected";

    /** Counter of 401/403 authentication failures (a configuration error). */
    public static final String AUTH_FAILURES = "trickle.clerk.auth.failures";

    /** Gauge: 1 while Clerk accepts the secret key, 0 after an authentication failure. */
    public static final String AUTHENTICATED = "trickle.clerk.authenticated";

    public static final String TAG_OPERATION = "operation";

    /** HTTP status class ({@code 2xx}, {@code 4xx}, {@code 5xx}) or {@code none}. */
    public static final String TAG_STATUS = "status";

    /** {@code ok} or a lower-case {@link ClerkFailure}. */
    public static final String TAG_OUTCOME = "outcome";

    public static final String TAG_LIMITER = "limiter";

    private ClerkMeters() {}
}
