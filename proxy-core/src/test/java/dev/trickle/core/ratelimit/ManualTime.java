package dev.trickle.core.ratelimit;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Fake time for tests: a ticker that moves only when told, and a scheduler whose tasks run (on the
 * test thread, in due order) as {@link #advance} passes their due time.
 */
public final class ManualTime implements Ticker, Scheduler {
    private record Task(long due, long sequence, Runnable command) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(
                    (a, b) ->
                            a.due != b.due
                                    ? Long.compare(a.due, b.due)
                                    : Long.compare(a.sequence, b.sequence));
    private long now = 1_000_000_000L;
    private long sequence;

    @Override
    public synchronized long read() {
        return now;
    }

    @Override
    public synchronized Future<?> schedule(
            Executor executor, Runnable command, long delay, TimeUnit unit) {
        tasks.add(new Task(now + unit.toNanos(delay), sequence++, command));
        return new CompletableFuture<Void>();
    }

    /** Moves time forward, running every task that comes due on the way. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            next.command.run();
        }
    }

    public synchronized int pendingTasks() {
        return tasks.size();
    }

    /** The executor to pair with this scheduler: runs tasks on the advancing thread. */
    public Executor executor() {
        return Runnable::run;
    }
}
