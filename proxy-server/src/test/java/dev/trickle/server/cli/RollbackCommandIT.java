package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code trickle rollback} against the emulator and a real ledger: only users Trickle created are
 * deleted; linked, pre-existing and unknown-origin users stay unless asked for.
 */
final class RollbackCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().instance(ClerkEmulator.Instance.PRODUCTION));

    @TempDir Path dir;

    private final Map<String, String> clerkIds = new HashMap<>();
    private int setupCalls;

    /**
     * 1-3 created by a login, 8 created by an import, 4 found by external_id, 5 linked, 6 settled
     * before the ledger recorded origins, 7 created but already deleted in Clerk.
     */
    private CutoverFixture scene(LedgerDatabase.Kind kind) throws Exception {
        CutoverFixture f = new CutoverFixture(clerk, LedgerDatabase.create(kind, dir), dir);
        for (String id : List.of("1", "2", "3", "4", "5", "6", "7", "8")) {
            clerkIds.put(id, f.clerkUser(id, "u" + id + "@example.com"));
        }
        f.deleteClerkUser(clerkIds.get("7"));
        for (String id : List.of("1", "2", "3", "7")) {
            f.settled(
                    id,
                    "u" + id,
                    MigrationSource.LOGIN,
                    MigrationState.MIGRATED,
                    clerkIds.get(id),
                    ClerkOrigin.CREATED);
        }
        f.settled(
                "8",
                "u8",
                MigrationSource.IMPORT,
                MigrationState.MIGRATED,
                clerkIds.get("8"),
                ClerkOrigin.CREATED);
        f.settled(
                "4",
                "u4",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                clerkIds.get("4"),
                ClerkOrigin.FOUND);
        f.settled(
                "5",
                "u5",
                MigrationSource.LOGIN,
                MigrationState.LINKED,
                clerkIds.get("5"),
                ClerkOrigin.FOUND);
        f.settled(
                "6",
                "u6",
                MigrationSource.LOGIN,
                MigrationState.MIGRATED,
                clerkIds.get("6"),
                ClerkOrigin.UNKNOWN);
        setupCalls = clerk.requests().size();
        return f;
    }

    @ParameterizedTest
    @EnumSource(LedgerDatabase.Kind.class)
    void aDryRunListsExactlyTheCreatedUsersAndChangesNothing(LedgerDatabase.Kind kind)
            throws Exception {
        try (CutoverFixture f = scene(kind)) {
            int before = clerk.emulator().userCount();
            Path report = dir.resolve("dry.json");

            CutoverFixture.Run run = f.run("rollback", "--report", report.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("DRY RUN", "would_delete: 4", "already_gone: 1");
            JsonNode findings = JSON.readTree(Files.readString(report)).get("findings");
            assertThat(legacyIds(findings, "would_delete")).containsExactly("1", "2", "3", "8");
            assertThat(legacyIds(findings, "already_gone")).containsExactly("7");
            assertThat(legacyIds(findings, "left_pre_existing")).containsExactly("4");
            assertThat(legacyIds(findings, "left_linked")).containsExactly("5");
            assertThat(legacyIds(findings, "left_unknown_origin")).containsExactly("6");
            assertThat(clerk.emulator().userCount()).isEqualTo(before);
            assertThat(deletedIds()).isEmpty();
            assertThat(f.ledger().reports().countsByState())
                    .doesNotContainKey(MigrationState.REVERTED);
        }
    }

    @ParameterizedTest
    @EnumSource(LedgerDatabase.Kind.class)
    void executeDeletesOnlyCreatedUsersMarksThemRevertedAndARerunDoesNothingMore(
            LedgerDatabase.Kind kind) throws Exception {
        try (CutoverFixture f = scene(kind)) {
            CutoverFixture.Run imports = f.run("rollback", "--execute", "--source", "import");
            assertThat(imports.exitCode()).as(imports.err()).isZero();
            assertThat(deletedIds()).containsExactly(clerkIds.get("8"));

            CutoverFixture.Run run = f.run("rollback", "--execute");
            CutoverFixture.Run again = f.run("rollback", "--execute");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("deleted: 3", "already_gone: 1");
            assertThat(again.out()).contains("deleted: 0", "already_gone: 0");
            assertThat(deletedIds())
                    .containsExactlyInAnyOrder(
                            clerkIds.get("8"),
                            clerkIds.get("1"),
                            clerkIds.get("2"),
                            clerkIds.get("3"));
            for (String id : List.of("1", "2", "3", "7", "8")) {
                assertThat(f.ledger().rows().find(id).orElseThrow().state())
                        .isEqualTo(MigrationState.REVERTED);
                assertThat(f.get("/users?external_id=" + id)).isEmpty();
            }
            for (String id : List.of("4", "5", "6")) {
                assertThat(f.ledger().rows().find(id).orElseThrow().state().isInClerk()).isTrue();
                assertThat(f.get("/users?external_id=" + id)).hasSize(1);
            }
        }
    }

    @Test
    void unknownOriginUsersAreDeletedOnlyWithIncludeUnknown() throws Exception {
        try (CutoverFixture f = scene(LedgerDatabase.Kind.SQLITE)) {
            f.run("rollback", "--execute", "--since", "2000-01-01");

            CutoverFixture.Run run = f.run("rollback", "--execute", "--include-unknown");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("deleted: 1");
            assertThat(f.get("/users?external_id=6")).isEmpty();
            assertThat(f.get("/users?external_id=4")).hasSize(1);
            assertThat(f.get("/users?external_id=5")).hasSize(1);
        }
    }

    @Test
    void aSinceInTheFutureSelectsNobody() throws Exception {
        try (CutoverFixture f = scene(LedgerDatabase.Kind.SQLITE)) {
            CutoverFixture.Run run =
                    f.run("rollback", "--execute", "--since", "2999-01-01T00:00:00Z");

            assertThat(run.out()).contains("deleted: 0", "left_linked: 0");
            assertThat(deletedIds()).isEmpty();
        }
    }

    private List<String> deletedIds() {
        return clerk.requests().stream()
                .skip(setupCalls)
                .filter(c -> c.method().equals("DELETE"))
                .map(RecordedCall::path)
                .map(p -> p.substring(p.lastIndexOf('/') + 1))
                .toList();
    }

    private static List<String> legacyIds(JsonNode findings, String kind) {
        return StreamSupport.stream(findings.get(kind).get("items").spliterator(), false)
                .map(item -> item.get("legacy_id").asText())
                .toList();
    }
}
