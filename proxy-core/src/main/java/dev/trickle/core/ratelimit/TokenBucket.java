package dev.trickle.core.ratelimit;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket shared by every caller of one rate-limited resource. Callers wait without blocking
 * a thread: {@link #acquire} returns a future that the {@link Scheduler} completes when the
 * caller's permit comes due, or an immediate {@link RateLimitDecision.WouldExceedDeadline} when it
 * would come due only after the caller's deadline.
 *
 * <p>Implemented as the generic cell rate algorithm (one "theoretical arrival time" instead of a
 * token count and a refill timestamp). Up to {@code burst} permits are granted at once to an idle
 * bucket; after that they are spaced evenly at {@code period / (permits - burst + 1)}. Then no
 * window of length {@code period} ever holds more than {@code permits} grants, whichever window
 * algorithm the server uses: the burst is paid for with a slightly lower sustained rate (0.1% for a
 * burst of 2 at 1,000 per 10 s), never with 429s.
 *
 * <p>{@link #pause} implements the server's "blocked for Retry-After" answer: every caller, queued
 * or new, starts after the pause, and grants resume evenly spaced instead of in a burst.
 */
public final class TokenBucket {
    private final RateLimit limit;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Executor executor;

    /** When the next permit is free; guarded by {@code this}. */
    private long nextFreeNanos;

    private boolean started;

    public TokenBucket(RateLimit limit, Ticker ticker, Scheduler scheduler, Executor executor) {
        this(limit, 1, ticker, scheduler, executor);
    }

    /**
     * @param burst permits an idle bucket grants at once (at least 1; reduced to what {@code limit}
     *     allows)
     */
    public TokenBucket(
            RateLimit limit, int burst, Ticker ticker, Scheduler scheduler, Executor executor) {
        this.limit = requireNonNull(limit, "limit");
        this.ticker = requireNonNull(ticker, "ticker");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.executor = requireNonNull(executor, "executor");
        if (limit.permits() < 1 || limit.period().isNegative() || limit.period().isZero()) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1 per > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
        int effectiveBurst = Math.min(burst, limit.permits());
        // Rounded up: a nanosecond short per interval would let one grant too many into a window.
        long spacedPermits = limit.permits() - effectiveBurst + 1;
        this.intervalNanos =
                Math.max(1, (limit.period().toNanos() + spacedPermits - 1) / spacedPermits);
        this.toleranceNanos = (effectiveBurst - 1) * intervalNanos;
    }

    public RateLimit limit() {
        return limit;
    }

    /**
     * Reserves the next permit if it comes due before {@code deadline} and returns at once; the
     * caller must itself wait {@link RateLimitDecision.Granted#waited()} before using it. Use
     * {@link #acquire} unless you schedule the wait yourself.
     */
    public synchronized RateLimitDecision reserve(Deadline deadline) {
        long now = ticker.read();
        // The theoretical arrival time: when the bucket would next be free with no burst left.
        long arrival = started && nextFreeNanos - now > 0 ? nextFreeNanos : now;
        long earliest = arrival - toleranceNanos;
        long due = earliest - now > 0 ? earliest : now;
        long waitNanos = due - now;
        if (!deadline.allowsStartAt(due)) {
            return new RateLimitDecision.WouldExceedDeadline(Duration.ofNanos(waitNanos));
        }
        nextFreeNanos = arrival + intervalNanos;
        started = true;
        return new RateLimitDecision.Granted(Duration.ofNanos(waitNanos));
    }

    /**
     * Reserves a permit and completes when it comes due; completes at once with {@link
     * RateLimitDecision.WouldExceedDeadline} if that would be after {@code deadline}.
     */
    public CompletableFuture<RateLimitDecision> acquire(Deadline deadline) {
        RateLimitDecision decision = reserve(deadline);
        return after(decision);
    }

    /** Holds every caller back for {@code retryAfter} from now (the server said so). */
    public synchronized void pause(Duration retryAfter) {
        // Arrival set one burst past the resume time: the first caller goes at resumeAt and the
        // rest follow evenly spaced, not in a burst.
        long arrival = ticker.read() + Math.max(0, retryAfter.toNanos()) + toleranceNanos;
        if (!started || arrival - nextFreeNanos > 0) {
            nextFreeNanos = arrival;
            started = true;
        }
    }

    CompletableFuture<RateLimitDecision> after(RateLimitDecision decision) {
        if (!(decision instanceof RateLimitDecision.Granted granted) || granted.waited().isZero()) {
            return CompletableFuture.completedFuture(decision);
        }
        CompletableFuture<RateLimitDecision> due = new CompletableFuture<>();
        scheduler.schedule(
                executor,
                () -> due.complete(decision),
                granted.waited().toNanos(),
                TimeUnit.NANOSECONDS);
        return due;
    }
}
