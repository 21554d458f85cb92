package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LedgerTest {
    @TempDir Path dir;

    @Test
    void everyPartWorksOnTheOneDatabaseAndClosingTheLedgerClosesThemAll() {
        Ledger ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("l.db")),
                        new MutableClock(LedgerContract.START));
        ledger.rows().claim("1", "a@example.com", MigrationSource.LOGIN, "w", LedgerContract.LEASE);
        ledger.rows().complete("1", "w", MigrationState.MIGRATED, Optional.of("user_1"));
        ledger.sharedSettings().put("rollout", "{}");
        ledger.counters().recordLogins(LedgerContract.START, 1, 0);

        assertThat(ledger.reports().countsByState()).containsEntry(MigrationState.MIGRATED, 1L);
        assertThat(ledger.schemaVersion()).isEqualTo(3);

        ledger.close();

        assertThatThrownBy(() -> ledger.reports().countsByState())
                .isInstanceOf(LedgerUnavailable.class);
        assertThatThrownBy(() -> ledger.sharedSettings().value("rollout"))
                .isInstanceOf(LedgerUnavailable.class);
        assertThatThrownBy(
                        () -> ledger.counters().series(LedgerContract.START, LedgerContract.START))
                .isInstanceOf(LedgerUnavailable.class);
    }
}
