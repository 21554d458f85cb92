package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class LedgerDatabaseTest extends SqliteDatabaseTest {

    @Test
    void argumentsAreBoundInOrderNullsIncludedAndUpdatesCountTheirRows() {
        String insert =
                "INSERT INTO ledger_user (legacy_id, identifier, clerk_user_id, state, source,"
                        + " first_seen_at, updated_at) VALUES (?, ?, ?, 'pending', 'login', ?, ?)";
        assertThat(database.update(insert, "1", "a", null, 5L, 6L)).isEqualTo(1);
        assertThat(database.update(insert, "2", "b", "user_2", 5L, 6L)).isEqualTo(1);

        assertThat(
                        database.query(
                                "SELECT legacy_id FROM ledger_user WHERE clerk_user_id IS NULL"
                                        + " AND first_seen_at = ?",
                                row -> row.getString(1),
                                5L))
                .containsExactly("1");
        assertThat(database.update("UPDATE ledger_user SET attempts = 1")).isEqualTo(2);
    }

    @Test
    void aFailingStatementIsReportedByItsSqlStateOnly() {
        assertThatThrownBy(() -> database.update("UPDATE no_such_table SET x = ?", "secret-value"))
                .isInstanceOf(LedgerUnavailable.class)
                .hasMessageStartingWith("ledger database error (SQLState ")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void theSchemaVersionIsTheOneReachedOnOpening() {
        assertThat(database.schemaVersion()).isEqualTo(3);
    }

    @Test
    void theUrlIsRedactedOfItsQueryWhichMayCarryCredentials() {
        assertThat(
                        LedgerDatabase.redacted(
                                LedgerSettings.ofUrl(
                                        "jdbc:postgresql://db:5432/l?user=t&password=hunter2")))
                .isEqualTo("jdbc:postgresql://db:5432/l");
    }
}
