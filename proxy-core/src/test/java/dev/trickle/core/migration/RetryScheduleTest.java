package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class RetryScheduleTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final RetrySchedule schedule =
            new RetrySchedule(Duration.ofSeconds(30), Duration.ofMinutes(10));

    @Test
    void delaysDoubleWithEachFailedAttemptWithinTwentyPercentJitter() {
        for (int attempts = 0; attempts < 4; attempts++) {
            long expected = 30_000L << attempts;
            for (int i = 0; i < 50; i++) {
                long delay = delay(attempts, Optional.empty());
                assertThat(delay).isBetween((long) (expected * 0.8), (long) (expected * 1.2));
            }
        }
    }

    @Test
    void delaysStopGrowingAtTheMaximumEvenAfterManyAttempts() {
        assertThat(delay(500, Optional.empty())).isBetween(480_000L, 720_000L);
    }

    @Test
    void clerksRetryAfterIsNeverUndercut() {
        assertThat(delay(0, Optional.of(Duration.ofMinutes(5)))).isEqualTo(300_000L);
    }

    @Test
    void aMaximumBelowTheFirstDelayIsRefused() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("expected: 0 < first <= max");
    }

    private long delay(int attempts, Optional<Duration> retryAfter) {
        return Duration.between(NOW, schedule.next(NOW, attempts, retryAfter)).toMillis();
    }
}
