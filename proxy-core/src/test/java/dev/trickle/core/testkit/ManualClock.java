package dev.trickle.core.testkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One time line for a test, as a Caffeine {@link Ticker} (deadlines, cache expiry) and as a {@link
 * Clock} (ledger timestamps, retry schedules): both move together, only when {@link #advance} is
 * called, so a test of expiry or backoff never sleeps.
 */
public final class ManualClock extends Clock implements Ticker {
    /** An arbitrary, fixed start: results do not depend on when the test runs. */
    public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private final AtomicLong elapsedNanos = new AtomicLong();

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("by: " + by + " (expected: >= 0)");
        }
        elapsedNanos.addAndGet(by.toNanos());
    }

    /** Starts away from zero, as {@link System#nanoTime()} may. */
    @Override
    public long read() {
        return 1_000_000_000L + elapsedNanos.get();
    }

    @Override
    public Instant instant() {
        return START.plusNanos(elapsedNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
