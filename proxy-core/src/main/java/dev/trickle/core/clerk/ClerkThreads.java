package dev.trickle.core.clerk;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Clerk clients' own threads. Not the common fork-join pool: on a two-core machine it has one
 * worker, and on JDK 25 its delay scheduler runs there too, so one blocking task anywhere in the
 * process (seen in a test reading a child process's output) stalled every rate-limit wait and
 * deadline, and with them every migration.
 */
final class ClerkThreads {
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(daemon("trickle-clerk-timer"));
    private static final ExecutorService WORKERS =
            Executors.newFixedThreadPool(4, daemon("trickle-clerk"));
    private static final Scheduler SCHEDULER = Scheduler.forScheduledExecutorService(TIMER);

    private ClerkThreads() {}

    static Scheduler scheduler() {
        return SCHEDULER;
    }

    static Executor workers() {
        return WORKERS;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
