package dev.trickle.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class KeyedRateLimiterTest {
    private final ManualTime time = new ManualTime();
    private final KeyedRateLimiter limiter =
            new KeyedRateLimiter(
                    RateLimit.of(10, Duration.ofSeconds(10)), time, time, time.executor(), 1000);

    @Test
    void eachKeyHasItsOwnBucket() {
        Deadline deadline = Deadline.after(time, Duration.ofMinutes(1));
        limiter.reserve("user_a", deadline);

        assertThat(limiter.reserve("user_a", deadline))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ofSeconds(1)));
        assertThat(limiter.reserve("user_b", deadline))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
    }

    @Test
    void pauseOfOneKeyLeavesOthersAlone() {
        Deadline deadline = Deadline.after(time, Duration.ofSeconds(5));
        limiter.pause("user_a", Duration.ofSeconds(30));

        assertThat(limiter.reserve("user_a", deadline))
                .isInstanceOf(RateLimitDecision.WouldExceedDeadline.class);
        assertThat(limiter.reserve("user_b", deadline))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
    }

    @Test
    void idleKeyStartsFresh() {
        Deadline far = Deadline.after(time, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            limiter.reserve("user_a", far);
        }
        time.advance(Duration.ofMinutes(1));

        assertThat(limiter.reserve("user_a", Deadline.after(time, Duration.ofSeconds(1))))
                .isEqualTo(new RateLimitDecision.Granted(Duration.ZERO));
    }
}
