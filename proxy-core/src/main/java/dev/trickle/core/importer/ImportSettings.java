package dev.trickle.core.importer;

import java.time.Duration;

/**
 * How one import runs.
 *
 * @param concurrency users in flight at once; the shared rate limiter paces the Clerk calls, this
 *     only bounds memory and how far reading runs ahead
 * @param passwordFallback users whose password cannot be imported
 * @param userDeadline how long one attempt of one user may take (rate-limit waits included)
 * @param retryFor how long a user that is deferred (Clerk trouble) or held by another process
 *     (another import, the proxy, or the lease of a killed run) is retried before it is reported
 *     deferred
 * @param dryRun look up and report only; nothing is written to Clerk or the ledger
 */
public record ImportSettings(
        int concurrency,
        PasswordFallback passwordFallback,
        Duration userDeadline,
        Duration retryFor,
        boolean dryRun) {

    public static final int DEFAULT_CONCURRENCY = 256;
    public static final Duration DEFAULT_USER_DEADLINE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(2);

    public ImportSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
    }

    public ImportSettings withDryRun(boolean value) {
        return new ImportSettings(concurrency, passwordFallback, userDeadline, retryFor, value);
    }
}
