package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every ledger database must show; subclasses supply SQLite or PostgreSQL. */
abstract class LedgerContract {
    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);

    final MutableClock clock = new MutableClock(START);
    Ledger ledger;

    abstract LedgerSettings settings();

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(settings(), clock);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void aFirstClaimInsertsAMigratingRowOwnedByTheCaller() {
        ClaimResult result =
                ledger.rows().claim("42", "ada@example.com", MigrationSource.LOGIN, "a", LEASE);

        assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
        LedgerRecord record = ledger.rows().find("42").orElseThrow();
        assertThat(record.state()).isEqualTo(MigrationState.MIGRATING);
        assertThat(record.identifier()).isEqualTo("ada@example.com");
        assertThat(record.claimOwner()).contains("a");
        assertThat(record.claimExpiresAt()).contains(START.plus(LEASE));
        assertThat(record.firstSeenAt()).isEqualTo(START);
        assertThat(ledger.rows().find("43")).isEmpty();
    }

    @Test
    void fiftyThreadsClaimingTheSameIdYieldExactlyOneClaimed() throws Exception {
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ClaimResult>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String owner = "owner-" + i;
            results.add(
                    pool.submit(
                            () -> {
                                start.await();
                                return ledger.rows()
                                        .claim(
                                                "race",
                                                "r@example.com",
                                                MigrationSource.LOGIN,
                                                owner,
                                                LEASE);
                            }));
        }
        start.countDown();
        int claimed = 0;
        int held = 0;
        for (Future<ClaimResult> result : results) {
            ClaimResult r = result.get(60, TimeUnit.SECONDS);
            if (r instanceof ClaimResult.Claimed) {
                claimed++;
            } else if (r instanceof ClaimResult.HeldByOther) {
                held++;
            }
        }
        pool.shutdown();

        assertThat(claimed).isEqualTo(1);
        assertThat(held).isEqualTo(threads - 1);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldOwnerCanNoLongerComplete() {
        ledger.rows().claim("7", "x@example.com", MigrationSource.LOGIN, "crashed", LEASE);
        assertThat(ledger.rows().claim("7", "x@example.com", MigrationSource.LOGIN, "b", LEASE))
                .isInstanceOf(ClaimResult.HeldByOther.class);

        clock.advance(LEASE);

        assertThat(ledger.rows().claim("7", "x@example.com", MigrationSource.LOGIN, "b", LEASE))
                .isInstanceOf(ClaimResult.Claimed.class);
        assertThat(
                        ledger.rows()
                                .complete(
                                        "7",
                                        "crashed",
                                        MigrationState.MIGRATED,
                                        Optional.of("user_1")))
                .isFalse();
        assertThat(ledger.rows().complete("7", "b", MigrationState.MIGRATED, Optional.of("user_2")))
                .isTrue();
        LedgerRecord record = ledger.rows().find("7").orElseThrow();
        assertThat(record.clerkUserId()).contains("user_2");
        assertThat(record.migratedAt()).contains(START.plus(LEASE));
        assertThat(record.claimOwner()).isEmpty();
    }

    @Test
    void completionByANonOwnerIsRefusedAndRepeatingItIsHarmless() {
        ledger.rows().claim("9", "n@example.com", MigrationSource.IMPORT, "a", LEASE);

        assertThat(ledger.rows().complete("9", "b", MigrationState.MIGRATED, Optional.of("u")))
                .isFalse();
        assertThat(ledger.rows().complete("9", "a", MigrationState.LINKED, Optional.of("u")))
                .isTrue();
        assertThat(ledger.rows().complete("9", "a", MigrationState.LINKED, Optional.of("u")))
                .isFalse();
        assertThat(ledger.rows().claim("9", "n@example.com", MigrationSource.LOGIN, "c", LEASE))
                .isInstanceOf(ClaimResult.AlreadyDone.class);
        assertThat(ledger.rows().find("9").orElseThrow().state()).isEqualTo(MigrationState.LINKED);
    }

    @Test
    void theSameOwnerClaimingAgainKeepsItsLease() {
        ledger.rows().claim("5", "s@example.com", MigrationSource.LOGIN, "a", LEASE);

        assertThat(ledger.rows().claim("5", "s@example.com", MigrationSource.LOGIN, "a", LEASE))
                .isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void deferredRowsAreDueInOrderOfTheirNextAttempt() {
        for (int i = 0; i < 4; i++) {
            ledger.rows().claim("d" + i, "d@example.com", MigrationSource.LOGIN, "w", LEASE);
        }
        ledger.rows().defer("d0", "w", "clerk_503", START.plusSeconds(30));
        ledger.rows().defer("d1", "w", "clerk_429", START.plusSeconds(10));
        ledger.rows().defer("d2", "w", "clerk_timeout", START.plusSeconds(20));
        ledger.rows().defer("d3", "w", "clerk_timeout", START.plusSeconds(3600));

        List<LedgerRecord> due = ledger.rows().due(START.plusSeconds(30), 10);

        assertThat(due).extracting(LedgerRecord::legacyId).containsExactly("d1", "d2", "d0");
        assertThat(due.get(0).attempts()).isEqualTo(1);
        assertThat(due.get(0).lastErrorCode()).contains("clerk_429");
        assertThat(ledger.rows().due(START.plusSeconds(30), 2)).hasSize(2);
        assertThat(
                        ledger.rows()
                                .claim(
                                        "d1",
                                        "d@example.com",
                                        MigrationSource.LOGIN,
                                        "worker",
                                        LEASE))
                .isInstanceOf(ClaimResult.Claimed.class);
        ledger.rows().defer("d1", "worker", "clerk_503", START.plusSeconds(60));
        assertThat(ledger.rows().find("d1").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void terminalStatesAreCountedByStateAndSource() {
        ledger.rows().claim("f", "f@example.com", MigrationSource.LOGIN, "w", LEASE);
        ledger.rows().fail("f", "w", "clerk_422");
        ledger.rows().claim("c", "c@example.com", MigrationSource.IMPORT, "w", LEASE);
        ledger.rows().markConflict("c", "w", "email_taken");
        ledger.rows().claim("t", "t@example.com", MigrationSource.IMPORT, "w", LEASE);
        ledger.rows().complete("t", "w", MigrationState.MIGRATED, Optional.of("user_t"));
        ledger.rows().tombstone("t");
        ledger.rows().claim("r", "r@example.com", MigrationSource.IMPORT, "w", LEASE);
        ledger.rows().complete("r", "w", MigrationState.MIGRATED, Optional.of("user_r"));
        ledger.rows().markReverted("r");

        assertThat(ledger.reports().countsByState())
                .containsEntry(MigrationState.FAILED, 1L)
                .containsEntry(MigrationState.CONFLICT, 1L)
                .containsEntry(MigrationState.DELETED, 1L)
                .containsEntry(MigrationState.REVERTED, 1L)
                .doesNotContainKey(MigrationState.MIGRATED);
        assertThat(ledger.reports().countsBySource())
                .containsEntry(MigrationSource.LOGIN, 1L)
                .containsEntry(MigrationSource.IMPORT, 3L);
        assertThat(ledger.rows().claim("t", "t@example.com", MigrationSource.LOGIN, "w", LEASE))
                .isInstanceOf(ClaimResult.AlreadyDone.class);
    }

    @Test
    void countersAreBucketedByHourAndSummed() {
        ledger.counters().recordLogins(START.plusSeconds(5), 1, 0);
        ledger.counters().recordLogins(START.plusSeconds(50), 1, 0);
        ledger.counters().recordLogins(START.plusSeconds(59 * 60), 0, 1);
        ledger.counters().recordLogins(START.plusSeconds(3600), 1, 0);
        ledger.counters().recordOutcome(START, MigrationState.MIGRATED, MigrationSource.LOGIN);
        ledger.counters()
                .recordOutcome(
                        START.plusSeconds(1), MigrationState.MIGRATED, MigrationSource.LOGIN);

        List<CounterPoint> series = ledger.counters().series(START, START.plusSeconds(2 * 3600));

        assertThat(series)
                .containsExactly(
                        new CounterPoint(START, "login", "migrated", 2),
                        new CounterPoint(START, "login", "not_migrated", 1),
                        new CounterPoint(START, "outcome", "migrated/login", 2),
                        new CounterPoint(START.plusSeconds(3600), "login", "migrated", 1));
        assertThat(ledger.counters().series(START.plusSeconds(3600), START.plusSeconds(7200)))
                .hasSize(1);
    }

    @Test
    void streamingVisitsTenThousandRowsInOrder() {
        for (int i = 0; i < 10_000; i++) {
            ledger.rows()
                    .claim(String.format("u%05d", i), "e", MigrationSource.IMPORT, "imp", LEASE);
        }
        AtomicLong seen = new AtomicLong();
        List<String> firstAndLast = new ArrayList<>();

        long visited =
                ledger.reports()
                        .forEach(
                                record -> {
                                    long n = seen.incrementAndGet();
                                    if (n == 1 || n == 10_000) {
                                        firstAndLast.add(record.legacyId());
                                    }
                                });

        assertThat(visited).isEqualTo(10_000);
        assertThat(firstAndLast).containsExactly("u00000", "u09999");
    }

    @Test
    void reopeningTheSameDatabaseKeepsRowsAndSchemaVersion() {
        ledger.rows().claim("keep", "k@example.com", MigrationSource.LOGIN, "a", LEASE);
        ledger.close();

        ledger = Ledger.open(settings(), clock);

        assertThat(ledger.rows().find("keep")).isPresent();
        assertThat(ledger.schemaVersion()).isEqualTo(3);
    }

    @Test
    void settingsAreSharedOverwrittenAndRemovedAcrossReopen() {
        assertThat(ledger.sharedSettings().value("rollout")).isEmpty();
        ledger.sharedSettings().put("rollout", "{\"mode\":\"shadow\"}");
        ledger.sharedSettings().put("rollout", "{\"mode\":\"passthrough\"}");
        ledger.close();

        ledger = Ledger.open(settings(), clock);

        assertThat(ledger.sharedSettings().value("rollout")).contains("{\"mode\":\"passthrough\"}");
        ledger.sharedSettings().remove("rollout");
        assertThat(ledger.sharedSettings().value("rollout")).isEmpty();
    }

    @Test
    void aPasswordMarkedStaleInFlightStaysStaleThroughDeferralAndCompletion() {
        MigrationRows rows = ledger.rows();
        rows.claim("42", "ada@example.com", MigrationSource.LOGIN, "a", LEASE);
        assertThat(rows.markPasswordStale("42")).isTrue();

        assertThat(rows.defer("42", "a", "clerk_unavailable", START.plusSeconds(5))).isTrue();
        assertThat(rows.find("42").orElseThrow().lastErrorCode())
                .as("the retry carries the older password")
                .contains(MigrationRows.PASSWORD_STALE);

        clock.advance(Duration.ofSeconds(5));
        rows.claim("42", "ada@example.com", MigrationSource.LOGIN, "a", LEASE);
        assertThat(rows.complete("42", "a", MigrationState.MIGRATED, Optional.of("user_1")))
                .isTrue();
        LedgerRecord settled = rows.find("42").orElseThrow();
        assertThat(settled.state()).isEqualTo(MigrationState.MIGRATED);
        assertThat(settled.lastErrorCode()).contains(MigrationRows.PASSWORD_STALE);
    }

    @Test
    void aDeferralOrCompletionWithoutAStaleMarkerRecordsItsOwnCode() {
        MigrationRows rows = ledger.rows();
        rows.claim("42", "ada@example.com", MigrationSource.LOGIN, "a", LEASE);
        rows.defer("42", "a", "clerk_unavailable", START.plusSeconds(5));
        assertThat(rows.find("42").orElseThrow().lastErrorCode()).contains("clerk_unavailable");

        clock.advance(Duration.ofSeconds(5));
        rows.claim("42", "ada@example.com", MigrationSource.LOGIN, "a", LEASE);
        rows.complete("42", "a", MigrationState.MIGRATED, Optional.of("user_1"));
        assertThat(rows.find("42").orElseThrow().lastErrorCode()).isEmpty();

        rows.claim("43", "bob@example.com", MigrationSource.LOGIN, "a", LEASE);
        rows.markPasswordStale("43");
        rows.complete("43", "a", MigrationState.CONFLICT, Optional.empty());
        assertThat(rows.find("43").orElseThrow().lastErrorCode())
                .as("a user not in Clerk has no password there to be stale")
                .isEmpty();
    }

    @Test
    void completionRecordsWhetherTrickleCreatedTheClerkUserAndRevertingKeepsIt() {
        for (String id : List.of("created", "found", "unsaid")) {
            ledger.rows().claim(id, id + "@example.com", MigrationSource.LOGIN, "w", LEASE);
        }
        ledger.rows()
                .complete(
                        "created",
                        "w",
                        MigrationState.MIGRATED,
                        Optional.of("u1"),
                        ClerkOrigin.CREATED);
        ledger.rows()
                .complete(
                        "found", "w", MigrationState.LINKED, Optional.of("u2"), ClerkOrigin.FOUND);
        ledger.rows().complete("unsaid", "w", MigrationState.MIGRATED, Optional.of("u3"));
        ledger.rows().markReverted("created");

        assertThat(ledger.rows().find("created").orElseThrow().origin())
                .isEqualTo(ClerkOrigin.CREATED);
        assertThat(ledger.rows().find("created").orElseThrow().state())
                .isEqualTo(MigrationState.REVERTED);
        assertThat(ledger.rows().find("found").orElseThrow().origin()).isEqualTo(ClerkOrigin.FOUND);
        assertThat(ledger.rows().find("unsaid").orElseThrow().origin())
                .isEqualTo(ClerkOrigin.UNKNOWN);
    }

    @Test
    void rowsSettledBeforeSchemaThreeReadAsUnknownOrigin() throws SQLException {
        ledger.rows().claim("old", "o@example.com", MigrationSource.LOGIN, "w", LEASE);
        ledger.rows()
                .complete(
                        "old", "w", MigrationState.MIGRATED, Optional.of("u"), ClerkOrigin.CREATED);
        ledger.close();
        // Turn the database back into what a V2 ledger looked like, then let open() upgrade it.
        try (Connection c = rawConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE ledger_user DROP COLUMN created_by_trickle");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '3'");
        }

        ledger = Ledger.open(settings(), clock);

        assertThat(ledger.schemaVersion()).isEqualTo(3);
        LedgerRecord old = ledger.rows().find("old").orElseThrow();
        assertThat(old.state()).isEqualTo(MigrationState.MIGRATED);
        assertThat(old.clerkUserId()).contains("u");
        assertThat(old.origin()).isEqualTo(ClerkOrigin.UNKNOWN);
    }

    @Test
    void pagesWalkEveryRowInLegacyIdOrder() {
        for (String id : List.of("c", "a", "e", "b", "d")) {
            ledger.rows().claim(id, id, MigrationSource.IMPORT, "w", LEASE);
        }

        List<LedgerRecord> first = ledger.reports().page(Optional.empty(), 2);
        List<LedgerRecord> second = ledger.reports().page(Optional.of("b"), 2);
        List<LedgerRecord> last = ledger.reports().page(Optional.of("d"), 2);

        assertThat(first).extracting(LedgerRecord::legacyId).containsExactly("a", "b");
        assertThat(second).extracting(LedgerRecord::legacyId).containsExactly("c", "d");
        assertThat(last).extracting(LedgerRecord::legacyId).containsExactly("e");
        assertThat(ledger.reports().page(Optional.of("e"), 2)).isEmpty();
    }

    @Test
    void aClerkUserIsAdoptedOnlyByAnUnsettledRowNotHeldByALiveLease() {
        ledger.rows().claim("pending", "p", MigrationSource.LOGIN, "w", LEASE);
        ledger.rows().defer("pending", "w", "clerk_timeout", START.plusSeconds(60));
        ledger.rows().claim("live", "l", MigrationSource.LOGIN, "w", LEASE);
        ledger.rows().claim("done", "d", MigrationSource.LOGIN, "w", LEASE);
        ledger.rows().complete("done", "w", MigrationState.MIGRATED, Optional.of("u_done"));

        assertThat(ledger.rows().adoptClerkUser("pending", "u_p")).isTrue();
        assertThat(ledger.rows().adoptClerkUser("live", "u_l")).isFalse();
        assertThat(ledger.rows().adoptClerkUser("done", "u_other")).isFalse();
        clock.advance(LEASE);
        assertThat(ledger.rows().adoptClerkUser("live", "u_l")).isTrue();

        LedgerRecord adopted = ledger.rows().find("pending").orElseThrow();
        assertThat(adopted.state()).isEqualTo(MigrationState.MIGRATED);
        assertThat(adopted.clerkUserId()).contains("u_p");
        assertThat(adopted.lastErrorCode()).isEmpty();
        assertThat(adopted.origin()).isEqualTo(ClerkOrigin.UNKNOWN);
        assertThat(ledger.rows().find("done").orElseThrow().clerkUserId()).contains("u_done");
        assertThat(ledger.rows().complete("live", "w", MigrationState.MIGRATED, Optional.of("x")))
                .isFalse();
    }

    private Connection rawConnection() throws SQLException {
        LedgerSettings s = settings();
        return s.user().isEmpty()
                ? DriverManager.getConnection(s.url())
                : DriverManager.getConnection(s.url(), s.user(), s.password().reveal());
    }
}
