package dev.trickle.core.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.ConfigProblems;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 5);

    @Test
    void backoffDoublesPerAttemptUpToTheMaximum() {
        assertThat(policy.backoffBefore(2, 0.999_999))
                .isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(policy.backoffBefore(3, 0.999_999))
                .isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
        assertThat(policy.backoffBefore(4, 0.999_999))
                .isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
        assertThat(policy.backoffBefore(10, 0.999_999))
                .isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    }

    @Test
    void jitterKeepsBetweenHalfAndAllOfTheStep() {
        assertThat(policy.backoffBefore(3, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffBefore(3, 0.5)).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void validationNamesEveryBadKey() {
        ConfigProblems problems = new ConfigProblems();
        new RetryPolicy(Duration.ZERO, Duration.ofMillis(-1), 0.5, 0)
                .validate(problems, "clerk.retry");

        assertThat(problems.asList())
                .extracting(Object::toString)
                .containsExactly(
                        "clerk.retry.initialBackoff: PT0S (expected: a positive duration)",
                        "clerk.retry.maxBackoff: PT-0.001S (expected: a duration >= initialBackoff)",
                        "clerk.retry.multiplier: 0.5 (expected: a number >= 1)",
                        "clerk.retry.maxAttempts: 0 (expected: an integer >= 1)");
    }
}
