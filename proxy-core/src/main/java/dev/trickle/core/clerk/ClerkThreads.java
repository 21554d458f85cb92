package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.trickle.core.concurrent.DaemonThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Clerk clients' own threads: a timer for rate-limit waits, backoff and deadlines, and a few
 * workers to run what the timer releases. Not the common fork-join pool: on a two-core machine it
 * has one worker, and on JDK 25 its delay scheduler runs there too, so one blocking task anywhere
 * in the process (seen in a test reading a child process's output) stalled every rate-limit wait
 * and deadline, and with them every migration.
 *
 * <p>The command that builds the clients owns an instance and closes it after them; a client built
 * without one shares a set started on first use that lives as long as the process.
 */
public final class ClerkThreads implements AutoCloseable {
    private static final int WORKERS = 4;

    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Scheduler scheduler;

    private ClerkThreads(String name) {
        requireNonNull(name, "name");
        this.timer =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered(name + "-timer"));
        this.workers = Executors.newFixedThreadPool(WORKERS, DaemonThreads.numbered(name));
        this.scheduler = Scheduler.forScheduledExecutorService(timer);
    }

    /** Starts threads named {@code trickle-clerk-N} and {@code trickle-clerk-timer-N}. */
    public static ClerkThreads start() {
        return new ClerkThreads("trickle-clerk");
    }

    /** The set a client built without its own uses. */
    static ClerkThreads shared() {
        return Shared.INSTANCE;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Executor workers() {
        return workers;
    }

    /** Drops pending waits: every client using these threads must be done with them. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Started by the first client that needs it, never closed: the holder idiom. */
    private static final class Shared {
        static final ClerkThreads INSTANCE = start();
    }
}
