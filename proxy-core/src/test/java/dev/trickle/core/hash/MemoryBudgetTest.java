package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.ManualTime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class MemoryBudgetTest {
    private static final long MIB = 1024L * 1024;
    private final ManualTime time = new ManualTime();
    private final MemoryBudget budget = new MemoryBudget(40 * MIB, time);

    private Deadline in(Duration d) {
        return Deadline.after(time, d);
    }

    @Test
    void admitsChecksOnlyWhileTheirSumFits() {
        assertThat(budget.reserve(16 * MIB, in(Duration.ZERO))).isTrue();
        assertThat(budget.reserve(16 * MIB, in(Duration.ZERO))).isTrue();

        assertThat(budget.reserve(16 * MIB, in(Duration.ZERO)))
                .as("a third would pass the budget, and its deadline has come")
                .isFalse();
        assertThat(budget.reservedBytes()).isEqualTo(32 * MIB);
    }

    @Test
    void aWaitingCheckIsAdmittedWhenAnotherReleasesBeforeItsDeadline() throws Exception {
        budget.reserve(32 * MIB, in(Duration.ZERO));
        CompletableFuture<Boolean> waiting =
                CompletableFuture.supplyAsync(
                        () -> budget.reserve(16 * MIB, in(Duration.ofMinutes(1))));

        budget.release(32 * MIB);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(budget.reservedBytes()).isEqualTo(16 * MIB);
    }

    @Test
    void negligibleChecksAreNeverCountedOrRefused() {
        budget.reserve(40 * MIB, in(Duration.ZERO));

        assertThat(budget.reserve(64 * 1024, in(Duration.ZERO))).isTrue();
        budget.release(64 * 1024);
        assertThat(budget.reservedBytes()).isEqualTo(40 * MIB);
    }
}
