package dev.trickle.core.ratelimit;

import static java.util.Objects.requireNonNull;

import dev.trickle.core.config.ConfigProblems;
import java.time.Duration;

/** "At most {@code permits} calls in any window of {@code period}", as remote APIs state limits. */
public record RateLimit(int permits, Duration period) {

    public RateLimit {
        requireNonNull(period, "period");
    }

    public static RateLimit of(int permits, Duration period) {
        return new RateLimit(permits, period);
    }

    /** Calls per second this limit allows on average. */
    public double perSecond() {
        return permits * 1_000_000_000.0 / period.toNanos();
    }

    /** Reports an unusable limit under {@code path}, e.g. {@code clerk.rateLimit}. */
    public void validate(ConfigProblems problems, String path) {
        if (permits < 1) {
            problems.invalid(path + ".permits", permits, "an integer >= 1");
        }
        if (period.isNegative() || period.isZero()) {
            problems.invalid(path + ".period", period, "a positive duration");
        }
    }

    @Override
    public String toString() {
        return permits + " per " + period;
    }
}
