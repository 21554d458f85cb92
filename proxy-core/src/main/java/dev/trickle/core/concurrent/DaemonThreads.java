package dev.trickle.core.concurrent;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for Trickle's own executors. Every such thread is a daemon: a timer, a worker pool or a
 * background probe must never be what keeps the JVM alive after the command that started it has
 * returned or its shutdown hook has run.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /**
     * A scheduled executor on one daemon thread called {@code name}: a timer, a ticker, a probe.
     */
    public static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** Every thread gets the same {@code name}: for single-thread executors and small pools. */
    public static ThreadFactory named(String name) {
        requireNonNull(name, "name");
        return r -> daemon(r, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, …, so a pool's threads tell apart. */
    public static ThreadFactory numbered(String prefix) {
        requireNonNull(prefix, "prefix");
        AtomicInteger count = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + count.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
