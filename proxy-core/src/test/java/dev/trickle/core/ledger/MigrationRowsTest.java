package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The corrections to settled rows, which the contract does not walk through. */
final class MigrationRowsTest extends SqliteDatabaseTest {
    private static final Duration LEASE = LedgerContract.LEASE;

    private MigrationRows rows;

    @BeforeEach
    void createRows() {
        rows = new MigrationRows(database, clock);
    }

    private void settle(String id, MigrationState state) {
        rows.claim(id, id + "@example.com", MigrationSource.LOGIN, "w", LEASE);
        rows.complete(id, "w", state, Optional.of("user_" + id));
    }

    @Test
    void aStalePasswordIsMarkedOnlyOnAUserInClerkOrInFlightAndClearedOnlyInClerk() {
        settle("in", MigrationState.MIGRATED);
        settle("conflicted", MigrationState.CONFLICT);
        rows.claim("busy", "b@example.com", MigrationSource.LOGIN, "w", LEASE);

        assertThat(rows.clearPasswordStale("in")).isFalse();
        assertThat(rows.markPasswordStale("in")).isTrue();
        assertThat(rows.markPasswordStale("conflicted")).isFalse();
        assertThat(rows.markPasswordStale("never-seen")).isFalse();
        assertThat(rows.markPasswordStale("busy")).isTrue();
        assertThat(rows.clearPasswordStale("busy")).isFalse();
        assertThat(rows.find("in").orElseThrow().lastErrorCode())
                .contains(MigrationRows.PASSWORD_STALE);

        assertThat(rows.clearPasswordStale("in")).isTrue();
        assertThat(rows.find("in").orElseThrow().lastErrorCode()).isEmpty();
        assertThat(rows.find("in").orElseThrow().state()).isEqualTo(MigrationState.MIGRATED);
    }

    @Test
    void aReopenedUserIsDueAtOnceWithoutItsClerkUserAndCanBeClaimedAgain() {
        settle("gone", MigrationState.MIGRATED);
        clock.advance(Duration.ofMinutes(5));

        assertThat(rows.reopen("gone")).isTrue();

        LedgerRecord row = rows.find("gone").orElseThrow();
        assertThat(row.state()).isEqualTo(MigrationState.PENDING);
        assertThat(row.clerkUserId()).isEmpty();
        assertThat(row.migratedAt()).isEmpty();
        assertThat(row.lastErrorCode()).contains("deleted_in_clerk");
        assertThat(rows.due(clock.instant(), 10))
                .extracting(LedgerRecord::legacyId)
                .containsExactly("gone");
        assertThat(rows.claim("gone", "g@example.com", MigrationSource.LOGIN, "x", LEASE))
                .isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void onlyUsersInClerkOrTombstonedOnesCanBeReopened() {
        settle("conflicted", MigrationState.CONFLICT);
        settle("deleted", MigrationState.MIGRATED);
        rows.tombstone("deleted");

        assertThat(rows.reopen("conflicted")).isFalse();
        assertThat(rows.reopen("never-seen")).isFalse();
        assertThat(rows.reopen("deleted")).isTrue();
    }

    @Test
    void tombstoningOrRevertingAnUnknownUserChangesNothing() {
        assertThat(rows.tombstone("nobody")).isFalse();
        assertThat(rows.markReverted("nobody")).isFalse();
        assertThat(rows.find("nobody")).isEmpty();
    }

    @Test
    void aClosedDatabaseFailsEveryCallWithLedgerUnavailable() {
        database.close();

        assertThatThrownBy(() -> rows.find("x")).isInstanceOf(LedgerUnavailable.class);
        assertThatThrownBy(() -> rows.claim("x", "x", MigrationSource.LOGIN, "w", LEASE))
                .isInstanceOf(LedgerUnavailable.class);
        assertThatThrownBy(() -> rows.tombstone("x")).isInstanceOf(LedgerUnavailable.class);
    }
}
