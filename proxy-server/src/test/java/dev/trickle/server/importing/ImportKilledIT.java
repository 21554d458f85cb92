package dev.trickle.server.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.importer.FileFormat;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.e2e.ClerkUsers;
import dev.trickle.server.e2e.LedgerRows;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trickle import} in a child JVM killed with SIGKILL halfway, then run again: every user
 * ends in Clerk exactly once and the ledger agrees, whatever was in flight at the kill.
 */
final class ImportKilledIT {
    private static final int USERS = 400;

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .secretKeys(List.of(ImportFixture.KEY))
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .maxUsers(10_000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    @TempDir Path dir;

    @Test
    void runKilledHalfwayAndRestartedImportsEachUserExactlyOnce() throws Exception {
        Path file = dir.resolve("users.jsonl");
        try (PasswordHashes hashes = new PasswordHashes(HashSettings.defaults());
                BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String digest = hashes.bcryptHash("Killed-run-1").join();
            for (int i = 0; i < USERS; i++) {
                out.write(
                        "{\"id\": \"k"
                                + i
                                + "\", \"email\": \"k"
                                + i
                                + "@example.com\", \"password_digest\": \""
                                + digest
                                + "\"}\n");
            }
        }
        // A short lease, so the restarted run takes over the killed run's claims quickly.
        ImportFixture fixture =
                new ImportFixture(dir, clerk.baseUri(), "migration:\n  lease: 2s\n");
        Path config = fixture.writeConfig();
        Process child =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-jar",
                                Path.of("target/trickle.jar").toString(),
                                "import",
                                "--config",
                                config.toString(),
                                "--source",
                                file.toString(),
                                "--errors",
                                dir.resolve("first-errors.jsonl").toString(),
                                "--progress",
                                "plain")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(dir.resolve("child.log").toFile())
                        .start();
        int atKill;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (clerk.emulator().userCount() < USERS / 3 && System.nanoTime() < deadline) {
                assertThat(child.isAlive())
                        .as("import exited early: %s", Files.readString(dir.resolve("child.log")))
                        .isTrue();
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            atKill = clerk.emulator().userCount();
        }
        assertThat(atKill).isBetween(USERS / 3, USERS - 1);

        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(file, FileFormat.JSONL),
                        ImportFixture.settings(PasswordFallback.CREATE, false));

        List<ClerkUsers.User> users = ClerkUsers.all(clerk.baseUri(), ImportFixture.KEY);
        Map<String, Long> perExternalId =
                users.stream()
                        .collect(
                                Collectors.groupingBy(
                                        u -> u.externalId().orElse("-"), Collectors.counting()));
        assertThat(users).hasSize(USERS);
        assertThat(perExternalId).hasSize(USERS).allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat((long) report.get("created") + (long) report.get("already_present"))
                .isEqualTo(USERS);
        assertThat(report.get("created")).isEqualTo((long) (USERS - atKill));
        assertThat(report).containsEntry("deferred", 0L).containsEntry("failed", 0L);
        Map<String, LedgerRecord> ledger = LedgerRows.byLegacyId(fixture.ledgerUrl());
        assertThat(ledger).hasSize(USERS);
        Map<String, String> clerkIdByExternal =
                users.stream()
                        .collect(
                                Collectors.toMap(
                                        u -> u.externalId().orElseThrow(), ClerkUsers.User::id));
        assertThat(ledger.values())
                .allSatisfy(
                        r -> {
                            assertThat(r.state()).isEqualTo(MigrationState.MIGRATED);
                            assertThat(r.clerkUserId())
                                    .isEqualTo(Optional.of(clerkIdByExternal.get(r.legacyId())));
                        });
    }
}
