package dev.trickle.core.ratelimit;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * The moment by which a caller needs an answer, on a {@link Ticker}'s nanosecond time line. A
 * monotonic ticker is used instead of an {@code Instant} so that wall-clock jumps cannot stretch or
 * cut a login's time budget, and so tests can move time by hand.
 */
public record Deadline(long nanoTime) {

    /** A deadline {@code budget} from now on {@code ticker}'s time line. */
    public static Deadline after(Ticker ticker, Duration budget) {
        requireNonNull(budget, "budget");
        long now = ticker.read();
        long budgetNanos = saturatedNanos(budget);
        long sum = now + budgetNanos;
        // Overflow only happens for budgets of centuries; treat them as "far in the future".
        return new Deadline(((now ^ sum) & (budgetNanos ^ sum)) < 0 ? Long.MAX_VALUE : sum);
    }

    /** Time left before the deadline as seen at {@code nowNanos}; zero once it has passed. */
    public Duration remainingAt(long nowNanos) {
        return Duration.ofNanos(Math.max(0, nanoTime - nowNanos));
    }

    /** Whether something that starts at {@code startNanos} starts before the deadline. */
    public boolean allowsStartAt(long startNanos) {
        return startNanos - nanoTime < 0;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
