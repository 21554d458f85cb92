package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import dev.trickle.core.config.ConfigProblems;
import java.time.Duration;

/**
 * Jittered exponential backoff between attempts of one Clerk call. The caller's deadline bounds the
 * whole call; {@code maxAttempts} only stops a long deadline from turning into a retry storm.
 */
public record RetryPolicy(
        Duration initialBackoff, Duration maxBackoff, double multiplier, int maxAttempts) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 6);

    public RetryPolicy {
        requireNonNull(initialBackoff, "initialBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
    }

    /**
     * Pause before attempt {@code nextAttempt} (2 for the first retry): between half and all of the
     * exponential step, so callers that failed together do not retry together.
     *
     * @param unitRandom a uniform value in [0, 1)
     */
    public Duration backoffBefore(int nextAttempt, double unitRandom) {
        double step = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
        double capped = Math.min(step, maxBackoff.toNanos());
        return Duration.ofNanos((long) (capped * (0.5 + 0.5 * unitRandom)));
    }

    public void validate(ConfigProblems problems, String path) {
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            problems.invalid(path + ".initialBackoff", initialBackoff, "a positive duration");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            problems.invalid(path + ".maxBackoff", maxBackoff, "a duration >= initialBackoff");
        }
        if (!(multiplier >= 1.0)) {
            problems.invalid(path + ".multiplier", multiplier, "a number >= 1");
        }
        if (maxAttempts < 1) {
            problems.invalid(path + ".maxAttempts", maxAttempts, "an integer >= 1");
        }
    }
}
