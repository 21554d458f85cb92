package dev.trickle.core.hash;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.ratelimit.Deadline;

/**
 * Heap that password checks may hold at once, in bytes. A check reserves what its digest's
 * parameters say it needs before it allocates anything, and gives it back when done; one that does
 * not fit waits for others to finish, but not past its deadline. Checks needing little memory
 * (bcrypt, PBKDF2, the plain digests) never reserve: they cannot exhaust the heap at any pool size.
 */
final class MemoryBudget {
    /** Below this a check is not worth accounting for: the pool's threads times this is small. */
    static final long NEGLIGIBLE_BYTES = 1024L * 1024;

    private final long totalBytes;
    private final Ticker ticker;
    private long reservedBytes;

    MemoryBudget(long totalBytes, Ticker ticker) {
        this.totalBytes = totalBytes;
        this.ticker = ticker;
    }

    /**
     * Reserves {@code bytes}, waiting for releases until {@code deadline}; false when it passed
     * first (or the thread was interrupted), with nothing reserved.
     */
    synchronized boolean reserve(long bytes, Deadline deadline) {
        if (bytes < NEGLIGIBLE_BYTES) {
            return true;
        }
        while (reservedBytes + bytes > totalBytes) {
            long leftNanos = deadline.remainingAt(ticker.read()).toNanos();
            if (leftNanos <= 0) {
                return false;
            }
            try {
                // Woken by every release; the deadline bounds the wait when none comes.
                wait(Math.max(1, (leftNanos + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        reservedBytes += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        if (bytes < NEGLIGIBLE_BYTES) {
            return;
        }
        reservedBytes -= bytes;
        notifyAll();
    }

    synchronized long reservedBytes() {
        return reservedBytes;
    }
}
