package dev.trickle.server.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Clerk-style limits: at most {@code permits} requests per key in each {@code window}. Over the
 * limit, the seconds until the window resets, for {@code Retry-After}.
 */
final class FixedWindowLimiter {
    private final int permits;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, long[]> windows = new HashMap<>();

    FixedWindowLimiter(int permits, Duration window, Clock clock) {
        this.permits = permits;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Empty when the request may go ahead; else the whole seconds to wait. */
    synchronized OptionalLong acquire(String key) {
        long now = clock.millis();
        long[] w = windows.computeIfAbsent(key, k -> new long[] {now, 0});
        if (now - w[0] >= windowMillis) {
            w[0] = now;
            w[1] = 0;
        }
        if (w[1] < permits) {
            w[1]++;
            return OptionalLong.empty();
        }
        long waitMillis = w[0] + windowMillis - now;
        return OptionalLong.of(Math.max(1, (waitMillis + 999) / 1000));
    }

    synchronized void reset() {
        windows.clear();
    }
}
