package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger on a real SQLite file and the real PostgreSQL on this machine. */
final class MigrationLedgerTest {
    private static final String SCHEMA =
            "ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String POSTGRES_ADMIN =
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @TempDir static Path dir;
    private static int sqliteFiles;

    @BeforeAll
    static void schema() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN);
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE SCHEMA " + SCHEMA);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN);
                Statement s = c.createStatement()) {
            s.executeUpdate("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    static Stream<String> databases() {
        return Stream.of("sqlite", "postgresql");
    }

    /** A fresh, empty ledger on each call. */
    private static String url(String kind) throws Exception {
        if (kind.equals("sqlite")) {
            return "jdbc:sqlite:" + dir.resolve("ledger-" + (++sqliteFiles) + ".db");
        }
        try (Connection c =
                        DriverManager.getConnection(POSTGRES_ADMIN + "&currentSchema=" + SCHEMA);
                Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE IF EXISTS migrations");
            s.executeUpdate("DROP TABLE IF EXISTS ledger_schema_version");
        }
        return POSTGRES_ADMIN + "&currentSchema=" + SCHEMA;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimIsExclusiveUntilSettledAndThenTheUserIsDone(String kind) throws Exception {
        ManualClock clock = new ManualClock();
        try (MigrationLedger ledger = MigrationLedger.open(LedgerSettings.of(url(kind)), clock)) {
            ClaimResult first =
                    ledger.claim(
                            "42",
                            "ada@example.com",
                            MigrationSource.LOGIN,
                            "replica-a",
                            Duration.ofSeconds(30));
            assertThat(first).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(first.record().state()).isEqualTo(MigrationState.MIGRATING);
            assertThat(first.record().attempts()).isEqualTo(1);
            assertThat(
                            ledger.claim(
                                    "42",
                                    "ada@example.com",
                                    MigrationSource.LOGIN,
                                    "replica-b",
                                    Duration.ofSeconds(30)))
                    .isInstanceOf(ClaimResult.HeldByOther.class);
            assertThat(
                            ledger.complete(
                                    "42",
                                    "replica-b",
                                    MigrationState.MIGRATED,
                                    Optional.of("user_x")))
                    .isFalse();
            assertThat(
                            ledger.complete(
                                    "42",
                                    "replica-a",
                                    MigrationState.MIGRATED,
                                    Optional.of("user_abc")))
                    .isTrue();
            ClaimResult again =
                    ledger.claim(
                            "42",
                            "ada@example.com",
                            MigrationSource.LOGIN,
                            "replica-b",
                            Duration.ofSeconds(30));
            assertThat(again).isInstanceOf(ClaimResult.AlreadyDone.class);
            assertThat(again.record().clerkUserId()).hasValue("user_abc");
            assertThat(again.record().migratedAt()).isPresent();
            assertThat(ledger.countByState())
                    .containsEntry(MigrationState.MIGRATED, 1L)
                    .containsEntry(MigrationState.PENDING, 0L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fiftyConcurrentClaimsOfOneUserHaveExactlyOneWinner(String kind) throws Exception {
        String url = url(kind);
        try (MigrationLedger ledger =
                        MigrationLedger.open(LedgerSettings.of(url), Clock.systemUTC());
                MigrationLedger otherReplica =
                        MigrationLedger.open(LedgerSettings.of(url), Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ClaimResult>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                MigrationLedger replica = i % 2 == 0 ? ledger : otherReplica;
                String owner = "owner-" + i;
                Callable<ClaimResult> claim =
                        () -> {
                            start.await();
                            return replica.claim(
                                    "same-user",
                                    "same@example.com",
                                    MigrationSource.LOGIN,
                                    owner,
                                    Duration.ofMinutes(1));
                        };
                results.add(pool.submit(claim));
            }
            start.countDown();
            int winners = 0;
            for (Future<ClaimResult> result : results) {
                if (result.get() instanceof ClaimResult.Claimed) {
                    winners++;
                }
            }
            pool.shutdown();
            assertThat(winners).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCrashedClaimantsLeaseIsTakenOverOnceItExpires(String kind) throws Exception {
        ManualClock clock = new ManualClock();
        try (MigrationLedger ledger = MigrationLedger.open(LedgerSettings.of(url(kind)), clock)) {
            ledger.claim(
                    "7", "x@example.com", MigrationSource.LOGIN, "crashed", Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(29));
            assertThat(
                            ledger.claim(
                                    "7",
                                    "x@example.com",
                                    MigrationSource.LOGIN,
                                    "rescuer",
                                    Duration.ofSeconds(30)))
                    .isInstanceOf(ClaimResult.HeldByOther.class);
            clock.advance(Duration.ofSeconds(2));
            ClaimResult taken =
                    ledger.claim(
                            "7",
                            "x@example.com",
                            MigrationSource.LOGIN,
                            "rescuer",
                            Duration.ofSeconds(30));
            assertThat(taken).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(taken.record().attempts()).isEqualTo(2);
            assertThat(
                            ledger.complete(
                                    "7",
                                    "crashed",
                                    MigrationState.MIGRATED,
                                    Optional.of("user_dup")))
                    .isFalse();
            assertThat(
                            ledger.complete(
                                    "7", "rescuer", MigrationState.MIGRATED, Optional.of("user_1")))
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deferredUsersComeDueInOrderAndCanBeClaimedAgain(String kind) throws Exception {
        ManualClock clock = new ManualClock();
        try (MigrationLedger ledger = MigrationLedger.open(LedgerSettings.of(url(kind)), clock)) {
            Instant now = clock.instant();
            for (int i = 0; i < 3; i++) {
                ledger.claim(
                        "u" + i,
                        "u" + i + "@example.com",
                        MigrationSource.LOGIN,
                        "w",
                        Duration.ofSeconds(30));
                assertThat(ledger.defer("u" + i, "w", "clerk_unavailable", now.plusSeconds(10 - i)))
                        .isTrue();
            }
            assertThat(ledger.due(now.plusSeconds(5), 10)).isEmpty();
            List<MigrationRecord> due = ledger.due(now.plusSeconds(9), 10);
            assertThat(due).extracting(MigrationRecord::legacyId).containsExactly("u2", "u1");
            assertThat(due.get(0).lastError()).hasValue("clerk_unavailable");
            assertThat(
                            ledger.claim(
                                    "u2",
                                    "u2@example.com",
                                    MigrationSource.LOGIN,
                                    "worker",
                                    Duration.ofSeconds(30)))
                    .isInstanceOf(ClaimResult.Claimed.class);
            assertThat(ledger.countByState())
                    .containsEntry(MigrationState.PENDING, 2L)
                    .containsEntry(MigrationState.MIGRATING, 1L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reopeningAppliesTheSchemaOnceAndKeepsTheRows(String kind) throws Exception {
        String url = url(kind);
        try (MigrationLedger ledger =
                MigrationLedger.open(LedgerSettings.of(url), Clock.systemUTC())) {
            ledger.claim(
                    "kept", "k@example.com", MigrationSource.IMPORT, "a", Duration.ofSeconds(5));
        }
        try (MigrationLedger reopened =
                MigrationLedger.open(LedgerSettings.of(url), Clock.systemUTC())) {
            assertThat(reopened.find("kept"))
                    .map(MigrationRecord::source)
                    .hasValue(MigrationSource.IMPORT);
        }
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledger_schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(SchemaMigrations.latestVersion());
        }
    }

    @Test
    void noColumnCanHoldAPasswordOrDigest() throws Exception {
        try (MigrationLedger ledger =
                MigrationLedger.open(LedgerSettings.of(url("sqlite")), Clock.systemUTC())) {
            ledger.claim("1", "a@example.com", MigrationSource.LOGIN, "a", Duration.ofSeconds(5));
        }
        assertThat(
                        Stream.of(MigrationRecord.class.getRecordComponents())
                                .map(c -> c.getName().toLowerCase()))
                .noneMatch(
                        name ->
                                name.contains("password")
                                        || name.contains("digest")
                                        || name.contains("secret"));
    }

    @Test
    void anUnreachableDatabaseIsAClearErrorNotAHang() {
        LedgerSettings down =
                new LedgerSettings(
                        "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2",
                        Optional.empty(),
                        Optional.empty(),
                        2,
                        Duration.ofMillis(500));
        assertThatThrownBy(() -> MigrationLedger.open(down, Clock.systemUTC()))
                .isInstanceOf(LedgerUnavailable.class)
                .hasMessageNotContaining("hunter2");
    }

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
