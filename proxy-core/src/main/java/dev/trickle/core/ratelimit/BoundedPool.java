package dev.trickle.core.ratelimit;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.concurrent.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fixed number of threads for blocking work (ledger writes, legacy database look-ups, password
 * hashing) behind a queue of fixed size. Work that serves a login carries the login's {@link
 * Deadline}: if no thread has taken it by then, the login has gone on without it and it is dropped
 * unrun, so whatever it holds (a password, in the continuation waiting for it) is let go with the
 * login rather than sitting in the queue. A full queue, a passed deadline and a closed pool all
 * complete the future with {@link Shed}, never by blocking the caller, and are counted in {@code
 * trickle_pool_shed_total{pool, reason}}.
 *
 * <pre>
 *   submit ──▶ [ queue: queueCapacity ] ──▶ threads ──▶ deadline passed? ─yes─▶ Shed(expired)
 *      └─ full ─▶ Shed(queue_full)                          └─ no ─▶ run
 * </pre>
 *
 * <p>Deadlines are compared on this pool's ticker, which must be the one the deadlines were made on
 * (the Clerk client's, for a migration).
 */
public final class BoundedPool implements AutoCloseable {
    /** Counter of work dropped unrun; tags pool, reason ({@link Shed.Reason}). */
    public static final String SHED = "trickle.pool.shed";

    /** Gauge of work waiting for a thread; tag pool. */
    public static final String QUEUED = "trickle.pool.queued";

    public static final String TAG_POOL = "pool";
    public static final String TAG_REASON = "reason";

    private final ThreadPoolExecutor threads;
    private final Ticker ticker;
    private final Map<Shed.Reason, Counter> shedCounts = new EnumMap<>(Shed.Reason.class);

    private BoundedPool(
            String name, int threadCount, int queueCapacity, Ticker ticker, MeterRegistry meters) {
        this.ticker = ticker;
        this.threads =
                new ThreadPoolExecutor(
                        threadCount,
                        threadCount,
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(queueCapacity),
                        DaemonThreads.numbered("trickle-" + name));
        for (Shed.Reason reason : Shed.Reason.values()) {
            shedCounts.put(
                    reason,
                    Counter.builder(SHED)
                            .description("Work dropped unrun: queue full, deadline passed, closed")
                            .tag(TAG_POOL, name)
                            .tag(TAG_REASON, reason.tag())
                            .register(meters));
        }
        Gauge.builder(QUEUED, threads, t -> t.getQueue().size())
                .description("Work waiting for a thread of the pool")
                .tag(TAG_POOL, name)
                .strongReference(true)
                .register(meters);
    }

    /**
     * @param name a fixed word: the threads' name and the metrics' {@code pool} label
     * @param ticker the time line of the deadlines submitted
     */
    public static BoundedPool start(
            String name, int threads, int queueCapacity, Ticker ticker, MeterRegistry meters) {
        requireNonNull(name, "name");
        requireNonNull(ticker, "ticker");
        requireNonNull(meters, "meters");
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: at least 1)");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException(
                    "queueCapacity: " + queueCapacity + " (expected: at least 1)");
        }
        return new BoundedPool(name, threads, queueCapacity, ticker, meters);
    }

    /** The time line this pool's deadlines are on, for caches that must age on the same one. */
    public Ticker ticker() {
        return ticker;
    }

    /** A deadline {@code budget} from now on this pool's ticker. */
    public Deadline deadlineAfter(Duration budget) {
        return Deadline.after(ticker, budget);
    }

    /** Time left before {@code deadline} on this pool's ticker; zero once it has passed. */
    public Duration remaining(Deadline deadline) {
        return deadline.remainingAt(ticker.read());
    }

    /** Whether {@code deadline} has passed on this pool's ticker. */
    public boolean hasPassed(Deadline deadline) {
        return !deadline.allowsStartAt(ticker.read());
    }

    /**
     * Runs {@code work} on a pool thread, unless the queue is full or no thread takes it before
     * {@code startBy}: then the future fails with {@link Shed} and {@code work} never runs.
     */
    public <T> CompletableFuture<T> submit(Supplier<T> work, Deadline startBy) {
        requireNonNull(work, "work");
        requireNonNull(startBy, "startBy");
        return enqueue(new Task<>(work, startBy));
    }

    /**
     * Runs {@code work} on a pool thread however long it waits (work no login waits for, such as
     * recording what Clerk already did); fails with {@link Shed} only when the queue is full.
     */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        requireNonNull(work, "work");
        return enqueue(new Task<>(work, null));
    }

    private <T> CompletableFuture<T> enqueue(Task<T> task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            task.shed(threads.isShutdown() ? Shed.Reason.CLOSED : Shed.Reason.QUEUE_FULL);
        }
        return task.result;
    }

    /** Whether {@code error} (or what it wraps) is work this or another pool dropped. */
    public static boolean isShed(Throwable error) {
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        return cause instanceof Shed;
    }

    /** Stops the threads; queued work is shed as {@code closed}, so no future is left hanging. */
    @Override
    public void close() {
        for (Runnable queued : threads.shutdownNow()) {
            ((Task<?>) queued).shed(Shed.Reason.CLOSED);
        }
    }

    private final class Task<T> implements Runnable {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Supplier<T> work;
        private final Deadline startBy;

        Task(Supplier<T> work, Deadline startBy) {
            this.work = work;
            this.startBy = startBy;
        }

        @Override
        public void run() {
            if (startBy != null && hasPassed(startBy)) {
                shed(Shed.Reason.EXPIRED);
                return;
            }
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }

        void shed(Shed.Reason reason) {
            shedCounts.get(reason).increment();
            result.completeExceptionally(new Shed(reason));
        }
    }

    /** Work a {@link BoundedPool} dropped without running it; carries nothing of the work. */
    public static final class Shed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Why; {@link #tag()} is a metric label. */
        public enum Reason {
            /** Every thread was busy and the queue full. */
            QUEUE_FULL,
            /** No thread took it before its deadline: the login it served had gone on. */
            EXPIRED,
            /** The pool was shutting down. */
            CLOSED;

            public String tag() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        private final Reason reason;

        Shed(Reason reason) {
            super("work shed: " + reason.tag(), null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
