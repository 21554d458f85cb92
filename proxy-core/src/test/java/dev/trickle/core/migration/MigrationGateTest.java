package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.migration.MigrationGate.Decision;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class MigrationGateTest {
    private final AtomicReference<Rollout> rollout = new AtomicReference<>();
    private final MigrationGate gate = new MigrationGate(rollout::get);

    @ParameterizedTest(name = "{0}, user {1}: login {2}, retry {3}, intercept {4}, worker {5}")
    @CsvSource({
        "PASSTHROUGH, included, NOT_SELECTED, NOT_SELECTED, false, false",
        "PASSTHROUGH, excluded, NOT_SELECTED, NOT_SELECTED, false, false",
        "SHADOW,      included, SHADOW,       NOT_SELECTED, true,  false",
        "SHADOW,      excluded, NOT_SELECTED, NOT_SELECTED, true,  false",
        "MIGRATE,     included, MIGRATE,      MIGRATE,      true,  true",
        "MIGRATE,     excluded, NOT_SELECTED, NOT_SELECTED, true,  true",
    })
    void modeAndRolloutDecideEveryPath(
            MigrationMode mode,
            String user,
            Decision login,
            Decision retry,
            boolean intercepts,
            boolean retries) {
        rollout.set(new Rollout(mode, 0, Set.of("included"), Set.of()));

        assertThat(gate.forLogin(user)).isEqualTo(login);
        assertThat(gate.forRetry(user)).isEqualTo(retry);
        assertThat(gate.interceptsLogins()).isEqualTo(intercepts);
        assertThat(gate.retriesDeferred()).isEqualTo(retries);
    }

    @Test
    void theDenyListWinsOverTheAllowListAndThePercentage() {
        rollout.set(new Rollout(MigrationMode.MIGRATE, 100, Set.of("u1"), Set.of("u1")));

        assertThat(gate.forLogin("u1")).isEqualTo(Decision.NOT_SELECTED);
        assertThat(gate.forLogin("u2")).isEqualTo(Decision.MIGRATE);
    }

    @Test
    void aRunTimeChangeOfTheRolloutIsSeenOnTheNextDecision() {
        rollout.set(Rollout.everyone(MigrationMode.MIGRATE));
        assertThat(gate.forLogin("u1")).isEqualTo(Decision.MIGRATE);

        rollout.set(Rollout.everyone(MigrationMode.PASSTHROUGH));

        assertThat(gate.forLogin("u1")).isEqualTo(Decision.NOT_SELECTED);
        assertThat(gate.interceptsLogins()).isFalse();
    }
}
