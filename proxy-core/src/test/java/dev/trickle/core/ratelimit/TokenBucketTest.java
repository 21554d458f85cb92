package dev.trickle.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class TokenBucketTest {
    private final ManualTime time = new ManualTime();
    private final TokenBucket bucket =
            new TokenBucket(RateLimit.of(10, Duration.ofSeconds(10)), time, time, time.executor());

    private Deadline in(Duration budget) {
        return Deadline.after(time, budget);
    }

    @Test
    void firstPermitIsGrantedWithoutWaiting() {
        assertThat(bucket.reserve(in(Duration.ofSeconds(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
    }

    @Test
    void permitsAreSpacedEvenlyAtPeriodOverPermits() {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(
                    ((RateLimitDecision.Granted) bucket.reserve(in(Duration.ofMinutes(1))))
                            .waited());
        }
        assertThat(waits)
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3));
    }

    @Test
    void noWindowOfOnePeriodHoldsMoreThanTheLimit() {
        // Callers arrive in bursts of 25 every 3 s for a minute; record when each permit comes due.
        List<Long> grants = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 25; i++) {
                RateLimitDecision d = bucket.reserve(in(Duration.ofSeconds(5)));
                if (d instanceof RateLimitDecision.Granted g) {
                    grants.add(time.read() + g.waited().toNanos());
                }
            }
            time.advance(Duration.ofSeconds(3));
        }
        long period = Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < grants.size(); i++) {
            long start = grants.get(i);
            long inWindow = grants.stream().filter(t -> t >= start && t < start + period).count();
            assertThat(inWindow).isLessThanOrEqualTo(10);
        }
        // Sustained rate: one per second over the 60 s (+ the first immediate permit).
        assertThat(grants).hasSizeBetween(60, 62);
    }

    @Test
    void callerWhosePermitWouldComeAfterItsDeadlineIsToldAtOnceAndConsumesNothing() {
        bucket.reserve(in(Duration.ofMinutes(1)));
        bucket.reserve(in(Duration.ofMinutes(1)));

        RateLimitDecision refused = bucket.reserve(in(Duration.ofMillis(1500)));

        assertThat(refused)
                .isEqualTo(new RateLimitDecision.WouldExceedDeadline(Duration.ofSeconds(2)));
        assertThat(bucket.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(2)));
    }

    @Test
    void acquireCompletesOnlyWhenThePermitComesDue() {
        bucket.acquire(in(Duration.ofMinutes(1)));
        CompletableFuture<RateLimitDecision> second = bucket.acquire(in(Duration.ofMinutes(1)));

        time.advance(Duration.ofMillis(999));
        assertThat(second).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(second)
                .isCompletedWithValue(new RateLimitDecision.Granted(Duration.ofSeconds(1)));
    }

    @Test
    void pauseHoldsBackEveryCallerAndResumesWithoutABurst() {
        bucket.reserve(in(Duration.ofMinutes(1)));
        bucket.pause(Duration.ofSeconds(30));

        assertThat(bucket.reserve(in(Duration.ofSeconds(10))))
                .isInstanceOf(RateLimitDecision.WouldExceedDeadline.class);
        assertThat(bucket.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(30)));
        assertThat(bucket.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(31)));
    }

    @Test
    void pauseShorterThanTheQueueChangesNothing() {
        for (int i = 0; i < 5; i++) {
            bucket.reserve(in(Duration.ofMinutes(1)));
        }
        bucket.pause(Duration.ofSeconds(2));

        assertThat(bucket.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(5)));
    }

    @Test
    void idleBucketDoesNotSaveUpABurst() {
        bucket.reserve(in(Duration.ofMinutes(1)));
        time.advance(Duration.ofMinutes(5));

        assertThat(bucket.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
        assertThat(bucket.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(1)));
    }

    @Test
    void anIdleBucketWithABurstOfTwoGrantsTwoAtOnceThenSpacesTheRest() {
        TokenBucket pair =
                new TokenBucket(
                        RateLimit.of(10, Duration.ofSeconds(9)), 2, time, time, time.executor());
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(
                    ((RateLimitDecision.Granted) pair.reserve(in(Duration.ofMinutes(1)))).waited());
        }

        // 10 per 9 s with a burst of 2: spaced at 9 s / 9 = 1 s after the burst.
        assertThat(waits)
                .containsExactly(
                        Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
        time.advance(Duration.ofMinutes(5));
        assertThat(pair.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
        assertThat(pair.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
        assertThat(pair.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(1)));
    }

    @Test
    void aBurstNeverPutsMoreThanTheLimitInAnyWindow() {
        TokenBucket pair =
                new TokenBucket(
                        RateLimit.of(10, Duration.ofSeconds(10)), 2, time, time, time.executor());
        // Bursts of 25 every 3 s, then idle gaps that let the burst refill, for two minutes.
        List<Long> grants = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            int callers = round % 4 == 3 ? 0 : 25;
            for (int i = 0; i < callers; i++) {
                RateLimitDecision d = pair.reserve(in(Duration.ofSeconds(5)));
                if (d instanceof RateLimitDecision.Granted g) {
                    grants.add(time.read() + g.waited().toNanos());
                }
            }
            time.advance(Duration.ofSeconds(3));
        }
        long period = Duration.ofSeconds(10).toNanos();
        for (long start : grants) {
            long inWindow = grants.stream().filter(t -> t >= start && t < start + period).count();
            assertThat(inWindow).isLessThanOrEqualTo(10);
        }
        assertThat(grants).hasSizeGreaterThan(100);
    }

    @Test
    void pauseWithABurstResumesEvenlySpaced() {
        TokenBucket pair =
                new TokenBucket(
                        RateLimit.of(10, Duration.ofSeconds(9)), 2, time, time, time.executor());
        pair.reserve(in(Duration.ofMinutes(1)));
        pair.pause(Duration.ofSeconds(30));

        assertThat(pair.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(30)));
        assertThat(pair.reserve(in(Duration.ofMinutes(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(31)));
    }
}
