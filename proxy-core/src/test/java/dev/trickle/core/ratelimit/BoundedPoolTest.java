package dev.trickle.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class BoundedPoolTest {
    private final ManualTime time = new ManualTime();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final BoundedPool pool = BoundedPool.start("test", 1, 2, time, meters);

    @AfterEach
    void stop() {
        release.countDown();
        pool.close();
    }

    /** Occupies the pool's only thread until {@link #release} opens. */
    private CountDownLatch occupyTheThread() {
        CountDownLatch running = new CountDownLatch(1);
        pool.submit(
                () -> {
                    running.countDown();
                    await(release);
                    return null;
                });
        return running;
    }

    @Test
    void runsWorkAndCompletesItsFuture() throws Exception {
        assertThat(
                        pool.submit(() -> 42, pool.deadlineAfter(Duration.ofSeconds(1)))
                                .get(5, TimeUnit.SECONDS))
                .isEqualTo(42);
    }

    @Test
    void aFullQueueShedsNewWorkAtOnceWithoutBlockingTheCaller() throws Exception {
        await(occupyTheThread());
        pool.submit(() -> 1);
        pool.submit(() -> 2);

        CompletableFuture<Integer> third = pool.submit(() -> 3);

        assertThat(third).isCompletedExceptionally();
        assertThat(reason(third)).isEqualTo(BoundedPool.Shed.Reason.QUEUE_FULL);
        assertThat(shedCount("queue_full")).isEqualTo(1);
    }

    @Test
    void queuedWorkWhoseLoginHasGoneOnIsDroppedUnrun() throws Exception {
        await(occupyTheThread());
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<String> late =
                pool.submit(
                        () -> {
                            ran.set(true);
                            return "holds a password";
                        },
                        pool.deadlineAfter(Duration.ofMillis(1500)));

        time.advance(Duration.ofMillis(1501));
        release.countDown();

        assertThat(reason(late)).isEqualTo(BoundedPool.Shed.Reason.EXPIRED);
        assertThat(ran).isFalse();
        assertThat(shedCount("expired")).isEqualTo(1);
    }

    @Test
    void workTakenBeforeItsDeadlineRuns() throws Exception {
        await(occupyTheThread());
        CompletableFuture<String> prompt =
                pool.submit(() -> "ran", pool.deadlineAfter(Duration.ofMillis(1500)));

        time.advance(Duration.ofMillis(1499));
        release.countDown();

        assertThat(prompt.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
    }

    @Test
    void workWithoutADeadlineRunsHoweverLongItWaited() throws Exception {
        await(occupyTheThread());
        CompletableFuture<String> settle = pool.submit(() -> "written");

        time.advance(Duration.ofHours(1));
        release.countDown();

        assertThat(settle.get(5, TimeUnit.SECONDS)).isEqualTo("written");
    }

    @Test
    void closingShedsQueuedWorkSoNoFutureIsLeftHanging() throws Exception {
        await(occupyTheThread());
        CompletableFuture<Integer> queued = pool.submit(() -> 1);

        pool.close();

        assertThat(reason(queued)).isEqualTo(BoundedPool.Shed.Reason.CLOSED);
        assertThat(reason(pool.submit(() -> 2))).isEqualTo(BoundedPool.Shed.Reason.CLOSED);
    }

    @Test
    void aShedCarriesNoMessageFromTheWork() {
        BoundedPool.Shed shed = new BoundedPool.Shed(BoundedPool.Shed.Reason.EXPIRED);

        assertThat(shed.getMessage()).isEqualTo("work shed: expired");
        assertThat(shed.getStackTrace()).isEmpty();
        assertThat(BoundedPool.isShed(new java.util.concurrent.CompletionException(shed))).isTrue();
    }

    private static BoundedPool.Shed.Reason reason(CompletableFuture<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((BoundedPool.Shed) e.getCause()).reason();
        }
        throw new AssertionError("expected the work to be shed");
    }

    private double shedCount(String reason) {
        return meters.get(BoundedPool.SHED)
                .tag(BoundedPool.TAG_POOL, "test")
                .tag(BoundedPool.TAG_REASON, reason)
                .counter()
                .count();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
