package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.e2e.LedgerDatabase;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.RecordedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code trickle export-mapping} from a real ledger, confirmed against the emulator. */
final class ExportMappingCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().instance(ClerkEmulator.Instance.PRODUCTION));

    @TempDir Path dir;

    /**
     * 1 migrated, 2 linked, 3 migrated but deleted in Clerk, 4 under another Clerk id, 5 pending.
     */
    private CutoverFixture scene(LedgerDatabase.Kind kind) throws Exception {
        CutoverFixture f = new CutoverFixture(clerk, LedgerDatabase.create(kind, dir), dir);
        String one = f.clerkUser("1", "ada@example.com");
        String two = f.clerkUser("2", "bob@example.com");
        String three = f.clerkUser("3", "cy@example.com");
        f.deleteClerkUser(three);
        f.clerkUser("4", "di@example.com");
        f.settled(
                "1",
                "ada",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                one,
                ClerkOrigin.CREATED);
        f.settled(
                "2",
                "bob@example.com",
                MigrationSource.IMPORT,
                MigrationState.LINKED,
                two,
                ClerkOrigin.FOUND);
        f.settled(
                "3",
                "cy",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                three,
                ClerkOrigin.CREATED);
        f.settled(
                "4",
                "di",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                "user_stale",
                ClerkOrigin.UNKNOWN);
        f.pending("5", "eve");
        return f;
    }

    @ParameterizedTest
    @EnumSource(LedgerDatabase.Kind.class)
    void csvFromTheLedgerAloneListsUsersInClerkWithoutAskingClerk(LedgerDatabase.Kind kind)
            throws Exception {
        try (CutoverFixture f = scene(kind)) {
            int calls = clerk.requests().size();
            Path out = dir.resolve("mapping.csv");

            CutoverFixture.Run run =
                    f.run("export-mapping", "--format", "csv", "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> lines = Files.readAllLines(out);
            assertThat(lines.get(0))
                    .isEqualTo(
                            "legacy_id,clerk_user_id,identifier,email,state,source,migrated_at,"
                                    + "created_by_trickle,clerk_check");
            assertThat(lines).hasSize(5);
            assertThat(lines.get(2))
                    .startsWith("2,")
                    .contains(",bob@example.com,,linked,import,", ",false,");
            assertThat(lines.get(4))
                    .startsWith("4,user_stale,di,,migrated,login,")
                    .endsWith(",unknown,");
            assertThat(lines).noneMatch(l -> l.startsWith("5,"));
            assertThat(clerk.requests()).hasSize(calls);
        }
    }

    @ParameterizedTest
    @EnumSource(LedgerDatabase.Kind.class)
    void aLedgerANewerReleaseMigratedStopsTheCommandWithOneLineNamingBothVersions(
            LedgerDatabase.Kind kind) throws Exception {
        LedgerDatabase database = LedgerDatabase.create(kind, dir);
        try (CutoverFixture f = new CutoverFixture(clerk, database, dir)) {
            try (Connection c = DriverManager.getConnection(database.url());
                    Statement s = c.createStatement()) {
                s.execute(
                        "INSERT INTO flyway_schema_history (installed_rank, version,"
                                + " description, type, script, checksum, installed_by,"
                                + " execution_time, success) VALUES (4, '4', 'newer', 'SQL',"
                                + " 'V4__newer.sql', 1, 'it', 1, "
                                + (kind == LedgerDatabase.Kind.SQLITE ? "1" : "true")
                                + ")");
            }

            CutoverFixture.Run run = f.run("export-mapping", "--format", "csv");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err().lines())
                    .singleElement(as(STRING))
                    .startsWith(
                            "trickle: ledger schema version 4 is newer than this Trickle knows"
                                    + " (up to version 3): run a Trickle release that knows"
                                    + " version 4 against jdbc:");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void confirmingWithClerkAddsEmailsAndMarksEachRowAndExitsOneOnADiscrepancy() throws Exception {
        try (CutoverFixture f = scene(LedgerDatabase.Kind.POSTGRESQL)) {
            int calls = clerk.requests().size();
            Path out = dir.resolve("mapping.json");

            CutoverFixture.Run run =
                    f.run(
                            "export-mapping",
                            "--format",
                            "json",
                            "--confirm-with-clerk",
                            "--out",
                            out.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains(
                            "exported 4 users",
                            "confirmed=2",
                            "missing_in_clerk=1",
                            "clerk_id_differs=1");
            Map<String, JsonNode> rows = new TreeMap<>();
            JSON.readTree(Files.readString(out))
                    .forEach(r -> rows.put(r.get("legacy_id").asText(), r));
            assertThat(rows.keySet()).containsExactly("1", "2", "3", "4");
            assertThat(rows.get("1").get("email").asText()).isEqualTo("ada@example.com");
            assertThat(rows.get("1").get("identifier").asText()).isEqualTo("ada");
            assertThat(rows.get("1").get("clerk_check").asText()).isEqualTo("confirmed");
            assertThat(rows.get("1").get("created_by_trickle").asText()).isEqualTo("true");
            assertThat(rows.get("2").get("clerk_check").asText()).isEqualTo("confirmed");
            assertThat(rows.get("3").get("clerk_check").asText()).isEqualTo("missing_in_clerk");
            assertThat(rows.get("3").get("email").isNull()).isTrue();
            assertThat(rows.get("4").get("clerk_check").asText()).isEqualTo("clerk_id_differs");
            assertThat(clerk.requests().subList(calls, clerk.requests().size())).hasSize(1);
        }
    }

    @Test
    void twoHundredFiftyUsersAreConfirmedInThreeLookUpsOfAtMostAHundredIds() throws Exception {
        try (CutoverFixture f =
                new CutoverFixture(
                        clerk, LedgerDatabase.create(LedgerDatabase.Kind.SQLITE, dir), dir)) {
            for (int i = 0; i < 250; i++) {
                String id = String.format("%04d", i);
                String user = f.clerkUser(id, "user" + id + "@example.com");
                f.settled(
                        id,
                        "user" + id,
                        MigrationSource.IMPORT,
                        MigrationState.MIGRATED,
                        user,
                        ClerkOrigin.CREATED);
            }
            int calls = clerk.requests().size();
            Path out = dir.resolve("mapping.csv");

            CutoverFixture.Run run =
                    f.run("export-mapping", "--confirm-with-clerk", "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("exported 250 users", "confirmed=250");
            List<RecordedCall> lookups = clerk.requests().subList(calls, clerk.requests().size());
            assertThat(lookups).hasSize(3);
            assertThat(lookups)
                    .allMatch(c -> c.method().equals("GET") && c.path().equals("/v1/users"))
                    .allMatch(c -> c.query().split("external_id=", -1).length - 1 <= 100);
            assertThat(Files.readAllLines(out)).hasSize(251).allMatch(l -> !l.contains("missing"));
        }
    }
}
