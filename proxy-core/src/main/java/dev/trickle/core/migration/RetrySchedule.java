package dev.trickle.core.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a deferred migration again: doubling from {@code first} up to {@code max}, never
 * sooner than Clerk's {@code Retry-After}, with ±20% jitter so replicas that deferred together do
 * not retry together.
 */
public record RetrySchedule(Duration first, Duration max) {

    public static final RetrySchedule DEFAULT =
            new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1));

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "retry backoff: " + first + " to " + max + " (expected: 0 < first <= max)");
        }
    }

    /**
     * @param attempts failed attempts before this one
     */
    Instant next(Instant now, int attempts, Optional<Duration> retryAfter) {
        long base = first.toMillis() << Math.min(Math.max(attempts, 0), 20);
        long capped = Math.min(base, max.toMillis());
        long jittered = (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        long floor = retryAfter.map(Duration::toMillis).orElse(0L);
        return now.plusMillis(Math.max(jittered, floor));
    }
}
