package dev.trickle.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class DeadlineTest {
    private final ManualTime time = new ManualTime();

    @Test
    void remainingShrinksAsTimePassesAndStopsAtZero() {
        Deadline deadline = Deadline.after(time, Duration.ofSeconds(2));
        time.advance(Duration.ofMillis(500));
        assertThat(deadline.remainingAt(time.read())).isEqualTo(Duration.ofMillis(1500));
        time.advance(Duration.ofSeconds(5));
        assertThat(deadline.remainingAt(time.read())).isZero();
    }

    @Test
    void startExactlyAtTheDeadlineIsTooLate() {
        Deadline deadline = Deadline.after(time, Duration.ofSeconds(1));
        long now = time.read();
        assertThat(deadline.allowsStartAt(now + Duration.ofMillis(999).toNanos())).isTrue();
        assertThat(deadline.allowsStartAt(now + Duration.ofSeconds(1).toNanos())).isFalse();
    }

    @Test
    void hugeBudgetDoesNotOverflowIntoThePast() {
        Deadline deadline = Deadline.after(time, Duration.ofDays(365L * 1000));
        assertThat(deadline.allowsStartAt(time.read() + Duration.ofDays(365).toNanos())).isTrue();
    }
}
