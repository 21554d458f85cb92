package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class LedgerReportsTest extends SqliteDatabaseTest {
    private MigrationRows rows;
    private LedgerReports reports;

    @BeforeEach
    void createParts() {
        rows = new MigrationRows(database, clock);
        reports = new LedgerReports(database);
    }

    @Test
    void anEmptyLedgerHasNoCountsProblemsOrPages() {
        assertThat(reports.countsByState()).isEmpty();
        assertThat(reports.countsBySource()).isEmpty();
        assertThat(reports.problemsByReason()).isEmpty();
        assertThat(reports.page(Optional.empty(), 10)).isEmpty();
        assertThat(reports.forEach(row -> {})).isZero();
    }

    @Test
    void problemsAreGroupedByStateAndReasonWithUncodedRowsUnderNone() {
        claim("p1");
        rows.defer("p1", "w", "clerk_429", Instant.EPOCH);
        claim("p2");
        rows.defer("p2", "w", "clerk_429", Instant.EPOCH);
        claim("c");
        rows.markConflict("c", "w", "email_taken");
        claim("f");
        rows.fail("f", "w", "clerk_422");
        claim("done");
        rows.complete("done", "w", MigrationState.MIGRATED, Optional.of("u"));
        claim("skipped");
        rows.complete("skipped", "w", MigrationState.SKIPPED, Optional.empty());
        rows.claim("reopened", "r", MigrationSource.LOGIN, "w", LedgerContract.LEASE);
        rows.complete("reopened", "w", MigrationState.MIGRATED, Optional.of("u2"));
        rows.reopen("reopened");
        database.update("UPDATE ledger_user SET last_error_code = NULL WHERE legacy_id = ?", "c");

        assertThat(reports.problemsByReason())
                .containsOnly(
                        Map.entry(
                                MigrationState.PENDING,
                                Map.of("clerk_429", 2L, "deleted_in_clerk", 1L)),
                        Map.entry(MigrationState.CONFLICT, Map.of("none", 1L)),
                        Map.entry(MigrationState.FAILED, Map.of("clerk_422", 1L)));
    }

    private void claim(String id) {
        rows.claim(id, id, MigrationSource.IMPORT, "w", LedgerContract.LEASE);
    }
}
