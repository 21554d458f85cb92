package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.e2e.LedgerDatabase;
import dev.trickle.server.e2e.LegacyDatabase;
import dev.trickle.server.e2e.LegacyUser;
import dev.trickle.server.e2e.LegacyUserTable;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.RecordedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code trickle reconcile} over a real legacy table (PostgreSQL or MariaDB), a real ledger and the
 * emulator, with one discrepancy of each kind planted; {@code --repair} fixes the two safe ones in
 * the ledger and writes nothing to Clerk.
 */
final class ReconcileCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().instance(ClerkEmulator.Instance.PRODUCTION));

    @TempDir Path dir;

    private String clerkOfThree;

    /**
     * Legacy users 1-9. In the ledger: 1 migrated (consistent), 2 migrated but deleted in Clerk, 3
     * pending although its Clerk user exists, 4 migrated under a stale Clerk id, 8 migrated with a
     * Clerk user that holds 6's email, 9 reverted yet still in Clerk, 50 linked but gone from the
     * legacy table. In Clerk besides: external_id 999 nobody knows, and 5's email without an
     * external_id. 5, 6 and 7 are in no Clerk user's external_id.
     */
    private CutoverFixture scene(LegacyDatabase legacy, LedgerDatabase.Kind ledger)
            throws Exception {
        List<LegacyUser> users = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            users.add(
                    new LegacyUser(
                            i,
                            "user" + i,
                            "u" + i + "@example.com",
                            "U" + i,
                            Instant.parse("2020-01-01T00:00:00Z"),
                            "bcrypt",
                            "$2b$04$x",
                            "pw"));
        }
        CutoverFixture f =
                new CutoverFixture(clerk, LedgerDatabase.create(ledger, dir), dir)
                        .legacy(LegacyUserTable.create(legacy, users));
        String one = f.clerkUser("1", "u1@example.com");
        String two = f.clerkUser("2", "u2@example.com");
        f.deleteClerkUser(two);
        clerkOfThree = f.clerkUser("3", "u3@example.com");
        f.clerkUser("4", "u4@example.com");
        String eight = f.clerkUser("8", "u6@example.com");
        f.clerkUser("9", "u9@example.com");
        String fifty = f.clerkUser("50", "fifty@example.com");
        f.clerkUser("999", "stranger@example.com");
        f.clerkUser(null, "U5@Example.com");
        f.settled(
                "1",
                "u1@example.com",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                one,
                ClerkOrigin.CREATED);
        f.settled(
                "2",
                "u2@example.com",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                two,
                ClerkOrigin.CREATED);
        f.pending("3", "u3@example.com");
        f.settled(
                "4",
                "u4@example.com",
                MigrationSource.IMPORT,
                MigrationState.MIGRATED,
                "user_stale",
                ClerkOrigin.CREATED);
        f.settled(
                "8",
                "user8",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                eight,
                ClerkOrigin.CREATED);
        f.settled(
                "9",
                "u9@example.com",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                "x",
                ClerkOrigin.CREATED);
        f.ledger().rows().markReverted("9");
        f.settled(
                "50",
                "fifty@example.com",
                MigrationSource.LOGIN,
                MigrationState.LINKED,
                fifty,
                ClerkOrigin.FOUND);
        return f;
    }

    @ParameterizedTest
    @CsvSource({"POSTGRESQL, SQLITE", "MARIADB, POSTGRESQL"})
    void everyPlantedDiscrepancyIsFoundAndRepairFixesOnlyTheSafeOnesInTheLedger(
            LegacyDatabase legacy, LedgerDatabase.Kind ledger) throws Exception {
        try (CutoverFixture f = scene(legacy, ledger)) {
            int setup = clerk.requests().size();
            Path report = dir.resolve("report.json");

            CutoverFixture.Run check = f.run("reconcile", "--report", report.toString());

            assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
            JsonNode found = JSON.readTree(Files.readString(report));
            assertThat(found.get("legacyCount").asLong()).isEqualTo(9);
            assertThat(found.get("legacyListed").asLong()).isEqualTo(9);
            assertThat(found.get("clerkTotal").asLong()).isEqualTo(8);
            assertThat(found.get("clerkListed").asLong()).isEqualTo(8);
            assertThat(found.get("ledgerByState").get("migrated").asLong()).isEqualTo(4);
            JsonNode findings = found.get("findings");
            assertThat(ids(findings, "missing_from_clerk", "legacy_id")).containsExactly("2");
            assertThat(ids(findings, "unsettled_but_in_clerk", "legacy_id")).containsExactly("3");
            assertThat(ids(findings, "clerk_id_differs", "legacy_id")).containsExactly("4");
            assertThat(ids(findings, "removed_but_in_clerk", "legacy_id")).containsExactly("9");
            assertThat(ids(findings, "unknown_external_id", "external_id")).containsExactly("999");
            assertThat(ids(findings, "unknown_external_id", "in_legacy")).containsExactly("no");
            assertThat(ids(findings, "email_matches_legacy_user", "legacy_id"))
                    .containsExactly("5");
            assertThat(ids(findings, "email_of_two_users", "email"))
                    .containsExactly("u6@example.com");
            assertThat(ids(findings, "legacy_not_in_clerk", "legacy_id"))
                    .containsExactly("2", "5", "6", "7");
            assertThat(ids(findings, "ledger_not_in_legacy", "legacy_id")).containsExactly("50");
            assertThat(found.get("repairs").get("missing_from_clerk").asLong()).isEqualTo(1);
            assertThat(found.get("unresolved").asLong()).isEqualTo(7);
            assertThat(f.ledger().rows().find("2").orElseThrow().state())
                    .isEqualTo(MigrationState.MIGRATED);

            CutoverFixture.Run repair = f.run("reconcile", "--repair");
            CutoverFixture.Run after = f.run("reconcile", "--report", report.toString());

            assertThat(repair.exitCode()).isEqualTo(1);
            assertThat(repair.out()).contains("left for a human: 5");
            assertThat(f.ledger().rows().find("2").orElseThrow().state())
                    .isEqualTo(MigrationState.DELETED);
            var three = f.ledger().rows().find("3").orElseThrow();
            assertThat(three.state()).isEqualTo(MigrationState.MIGRATED);
            assertThat(three.clerkUserId()).contains(clerkOfThree);
            assertThat(three.origin()).isEqualTo(ClerkOrigin.UNKNOWN);
            assertThat(f.ledger().rows().find("4").orElseThrow().clerkUserId())
                    .contains("user_stale");
            JsonNode remaining = JSON.readTree(Files.readString(report)).get("findings");
            assertThat(remaining.get("missing_from_clerk").get("count").asLong()).isZero();
            assertThat(remaining.get("unsettled_but_in_clerk").get("count").asLong()).isZero();
            assertThat(remaining.get("clerk_id_differs").get("count").asLong()).isEqualTo(1);
            assertThat(after.exitCode()).isEqualTo(1);
            List<RecordedCall> calls = clerk.requests().subList(setup, clerk.requests().size());
            assertThat(calls).allMatch(c -> c.method().equals("GET"));
            assertThat(calls)
                    .filteredOn(
                            c -> c.path().equals("/v1/users") && c.query().contains("external_id="))
                    .hasSize(3);
        }
    }

    private static List<String> ids(JsonNode findings, String kind, String field) {
        return StreamSupport.stream(findings.get(kind).get("items").spliterator(), false)
                .map(item -> item.get(field).asText())
                .toList();
    }
}
