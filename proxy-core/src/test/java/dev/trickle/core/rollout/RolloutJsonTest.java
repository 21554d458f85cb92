package dev.trickle.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

final class RolloutJsonTest {
    private static final Rollout BASE =
            new Rollout(MigrationMode.MIGRATE, 40, Set.of("a"), Set.of("b"));

    @Test
    void aPatchReplacesOnlyTheMembersItGives() {
        Rollout patched = RolloutJson.patch(BASE, "{\"mode\":\"shadow\",\"deny\":[\"x\",\"y\"]}");

        assertThat(patched)
                .isEqualTo(new Rollout(MigrationMode.SHADOW, 40, Set.of("a"), Set.of("x", "y")));
    }

    @Test
    void writtenRolloutsReadBackTheSame() {
        assertThat(
                        RolloutJson.patch(
                                Rollout.everyone(MigrationMode.PASSTHROUGH),
                                RolloutJson.write(BASE)))
                .isEqualTo(BASE);
    }

    @Test
    void badMembersAreNamedWithWhatWasExpected() {
        assertThatThrownBy(() -> RolloutJson.patch(BASE, "{\"mode\":\"fast\"}"))
                .hasMessage("mode: \"fast\" (expected: passthrough, shadow or migrate)");
        assertThatThrownBy(() -> RolloutJson.patch(BASE, "{\"rolloutPercent\":101}"))
                .hasMessage("rolloutPercent: 101 (expected: an integer from 0 to 100)");
        assertThatThrownBy(() -> RolloutJson.patch(BASE, "{\"allow\":\"a\"}"))
                .hasMessageStartingWith("allow: STRING (expected: an array");
        assertThatThrownBy(() -> RolloutJson.patch(BASE, "{\"percent\":5}"))
                .hasMessageStartingWith("percent: unknown key");
        assertThatThrownBy(() -> RolloutJson.patch(BASE, "mode=shadow"))
                .hasMessageStartingWith("body: not JSON");
        assertThatThrownBy(() -> RolloutJson.patch(BASE, "[]"))
                .hasMessageStartingWith("body: not a JSON object");
    }
}
