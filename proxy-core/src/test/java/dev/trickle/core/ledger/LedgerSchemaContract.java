package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How every ledger database gets, keeps and guards its schema; subclasses supply the database. */
abstract class LedgerSchemaContract {
    static final int REPLICAS = 6;

    final MutableClock clock = new MutableClock(LedgerContract.START);

    /** A fresh, empty database for this test. */
    abstract LedgerSettings settings();

    /** A plain connection to that database, outside any ledger. */
    abstract Connection connect() throws SQLException;

    /** One row of {@code flyway_schema_history}, as an operator reads it. */
    record Applied(String version, String type, String description, boolean success) {}

    static final Applied SCRIPT_1 = new Applied("1", "SQL", "ledger", true);
    static final Applied SCRIPT_2 = new Applied("2", "SQL", "settings", true);
    static final Applied SCRIPT_3 = new Applied("3", "SQL", "created by trickle", true);

    static Applied baseline(int version, String description) {
        return new Applied(String.valueOf(version), "BASELINE", description, true);
    }

    @Test
    void replicasStartingAtOnceOnAnEmptyDatabaseEachEndAtTheNewestVersion() throws Exception {
        assertThat(openAtOnce(REPLICAS)).containsOnly(3).hasSize(REPLICAS);

        assertThat(history()).containsExactly(SCRIPT_1, SCRIPT_2, SCRIPT_3);
    }

    @Test
    void aLedgerAtVersionThreeBeforeFlywayIsBaselinedAndKeepsEveryRow() throws Exception {
        writeBeforeFlyway(3);

        try (Ledger ledger = Ledger.open(settings(), clock)) {
            assertThat(ledger.schemaVersion()).isEqualTo(3);
            LedgerRecord row = ledger.rows().find("42").orElseThrow();
            assertThat(row.state()).isEqualTo(MigrationState.MIGRATED);
            assertThat(row.clerkUserId()).contains("user_42");
            assertThat(row.origin()).isEqualTo(ClerkOrigin.UNKNOWN);
            assertThat(ledger.sharedSettings().value("rollout")).contains("{\"mode\":\"shadow\"}");
            assertThat(ledger.counters().series(java.time.Instant.EPOCH, LedgerContract.START))
                    .extracting(CounterPoint::count)
                    .containsExactly(7L);
        }
        assertThat(history()).containsExactly(baseline(3, "schema_version 3 (before Flyway)"));
        assertThat(versionsBeforeFlyway()).containsExactly(1, 2, 3);
    }

    @Test
    void aLedgerAtVersionTwoBeforeFlywayGetsOnlyTheNewerScript() throws Exception {
        writeBeforeFlyway(2);

        try (Ledger ledger = Ledger.open(settings(), clock)) {
            assertThat(ledger.schemaVersion()).isEqualTo(3);
            assertThat(ledger.rows().find("42").orElseThrow().origin())
                    .isEqualTo(ClerkOrigin.UNKNOWN);
            ledger.rows()
                    .claim("43", "b@example.com", MigrationSource.LOGIN, "w", LedgerContract.LEASE);
            ledger.rows()
                    .complete(
                            "43",
                            "w",
                            MigrationState.MIGRATED,
                            Optional.of("user_43"),
                            ClerkOrigin.CREATED);
            assertThat(ledger.rows().find("43").orElseThrow().origin())
                    .isEqualTo(ClerkOrigin.CREATED);
        }
        assertThat(history())
                .containsExactly(baseline(2, "schema_version 2 (before Flyway)"), SCRIPT_3);
    }

    @Test
    void replicasUpgradingALedgerFromBeforeFlywayAtOnceBaselineItOnce() throws Exception {
        writeBeforeFlyway(2);

        assertThat(openAtOnce(REPLICAS)).containsOnly(3).hasSize(REPLICAS);

        assertThat(history())
                .containsExactly(baseline(2, "schema_version 2 (before Flyway)"), SCRIPT_3);
    }

    @Test
    void aSchemaNewerThanThisBuildKnowsIsRefusedInOneLineNamingBothVersions() throws Exception {
        Ledger.open(settings(), clock).close();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description,"
                            + " type, script, checksum, installed_by, execution_time, success)"
                            + " VALUES (4, '4', 'from a newer release', 'SQL',"
                            + " 'V4__from_a_newer_release.sql', 1, 'test', 1, "
                            + booleanTrue()
                            + ")");
        }

        assertThatThrownBy(() -> Ledger.open(settings(), clock))
                .isInstanceOf(LedgerUnavailable.class)
                .hasMessage(
                        "ledger schema version 4 is newer than this Trickle knows (up to version"
                                + " 3): run a Trickle release that knows version 4 against "
                                + LedgerDatabase.redacted(settings()));
        assertThat(history()).hasSize(4);
    }

    @Test
    void anAppliedScriptWhoseChecksumNoLongerMatchesIsRefusedInOneLine() throws Exception {
        Ledger.open(settings(), clock).close();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("UPDATE flyway_schema_history SET checksum = 1 WHERE version = '2'");
        }

        assertThatThrownBy(() -> Ledger.open(settings(), clock))
                .isInstanceOf(LedgerUnavailable.class)
                .hasMessageStartingWith(
                        "ledger schema migration failed: " + LedgerDatabase.redacted(settings()))
                .hasMessageContaining("checksum mismatch for migration version 2")
                .message()
                .doesNotContain("\n");
    }

    private void writeBeforeFlyway(int version) throws SQLException {
        try (Connection c = connect()) {
            BeforeFlyway.create(c, version);
        }
    }

    /** Opens the ledger from {@code n} threads released together; each one's schema version. */
    List<Integer> openAtOnce(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> opened = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Callable<Integer> open =
                    () -> {
                        start.await();
                        try (Ledger ledger = Ledger.open(settings(), clock)) {
                            return ledger.schemaVersion();
                        }
                    };
            opened.add(pool.submit(open));
        }
        start.countDown();
        List<Integer> versions = new ArrayList<>();
        try {
            for (Future<Integer> f : opened) {
                versions.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return versions;
    }

    List<Applied> history() throws SQLException {
        return select(
                "SELECT version, type, description, success"
                        + " FROM flyway_schema_history ORDER BY installed_rank",
                row ->
                        new Applied(
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getBoolean(4)));
    }

    private List<Integer> versionsBeforeFlyway() throws SQLException {
        return select(
                "SELECT version FROM " + LedgerSchema.BEFORE_FLYWAY + " ORDER BY 1",
                row -> row.getInt(1));
    }

    private <T> List<T> select(String sql, LedgerDatabase.RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery(sql)) {
            while (row.next()) {
                rows.add(reader.read(row));
            }
        }
        return rows;
    }

    /** How this database spells true in a literal. */
    abstract String booleanTrue();
}
