package dev.trickle.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class RolloutTest {
    @Test
    void percentageSelectsAStableRoughlyProportionalShareThatGrowsMonotonically() {
        Rollout ten = new Rollout(MigrationMode.MIGRATE, 10, Set.of(), Set.of());
        Rollout fifty = new Rollout(MigrationMode.MIGRATE, 50, Set.of(), Set.of());
        long inTen = IntStream.range(0, 10_000).filter(i -> ten.includes("user-" + i)).count();
        assertThat(inTen).isBetween(800L, 1200L);
        IntStream.range(0, 10_000)
                .filter(i -> ten.includes("user-" + i))
                .forEach(i -> assertThat(fifty.includes("user-" + i)).isTrue());
        assertThat(ten.includes("user-42")).isEqualTo(ten.includes("user-42"));
    }

    @Test
    void denyBeatsAllowAndAllowBeatsPercentage() {
        Rollout none =
                new Rollout(MigrationMode.MIGRATE, 0, Set.of("vip", "both"), Set.of("both", "bot"));
        assertThat(none.includes("vip")).isTrue();
        assertThat(none.includes("both")).isFalse();
        assertThat(none.includes("anyone")).isFalse();
        assertThat(Rollout.everyone(MigrationMode.MIGRATE).includes("anyone")).isTrue();
    }

    @Test
    void percentOutsideTheRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Rollout(MigrationMode.SHADOW, 101, Set.of(), Set.of()))
                .hasMessageContaining("percent: 101");
    }
}
