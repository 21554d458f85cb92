package dev.trickle.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RolloutControlTest {
    private static final Rollout CONFIGURED = Rollout.everyone(MigrationMode.MIGRATE);
    private static final Rollout KILL =
            new Rollout(MigrationMode.PASSTHROUGH, 0, Set.of(), Set.of());

    @TempDir Path dir;

    @Test
    void anOverrideOnOneReplicaReachesAnotherOnItsNextRefreshAndSurvivesARestart() {
        LedgerSettings shared = LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db"));
        try (Ledger first = Ledger.open(shared, Clock.systemUTC());
                Ledger second = Ledger.open(shared, Clock.systemUTC())) {
            RolloutControl here = new RolloutControl(CONFIGURED, first.sharedSettings());
            RolloutControl there = new RolloutControl(CONFIGURED, second.sharedSettings());

            assertThat(here.override(KILL)).isEqualTo(new RolloutControl.State(KILL, true));
            assertThat(here.get()).isEqualTo(KILL);
            assertThat(there.get()).isEqualTo(CONFIGURED);
            there.refresh();
            assertThat(there.state()).isEqualTo(new RolloutControl.State(KILL, true));
        }
        try (Ledger restarted = Ledger.open(shared, Clock.systemUTC())) {
            RolloutControl afterRestart =
                    new RolloutControl(CONFIGURED, restarted.sharedSettings());
            afterRestart.refresh();
            assertThat(afterRestart.get()).isEqualTo(KILL);

            assertThat(afterRestart.clearOverride())
                    .isEqualTo(new RolloutControl.State(CONFIGURED, false));
            afterRestart.refresh();
            assertThat(afterRestart.get()).isEqualTo(CONFIGURED);
        }
    }

    @Test
    void anUnreadableStoredOverrideIsIgnoredAndTheCurrentStateKept() {
        try (Ledger ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("l.db")),
                        Clock.systemUTC())) {
            RolloutControl control = new RolloutControl(CONFIGURED, ledger.sharedSettings());
            ledger.sharedSettings().put(RolloutControl.SETTING, "{\"mode\":\"sideways\"}");

            control.refresh();

            assertThat(control.state()).isEqualTo(new RolloutControl.State(CONFIGURED, false));
        }
    }
}
