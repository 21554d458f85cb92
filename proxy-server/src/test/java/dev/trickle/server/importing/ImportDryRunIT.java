package dev.trickle.server.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.config.Secret;
import dev.trickle.core.importer.FileFormat;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.RecordedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dry-run}: the same validation and look-ups, and not one write to Clerk or the ledger.
 */
final class ImportDryRunIT {
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
    void dryRunReportsWhatWouldHappenAndWritesNothing() throws Exception {
        ClerkClient client =
                ClerkClient.builder(
                                ClerkSettings.of(
                                        clerk.baseUri().toString(), Secret.of(ImportFixture.KEY)))
                        .build();
        Duration budget = Duration.ofSeconds(5);
        // One user already imported, two who signed up to Clerk on their own with a legacy email.
        assertThat(
                        client.createUser(
                                        CreateUserRequest.builder()
                                                .externalId("d1")
                                                .emailAddress(
                                                        "d1@example.com",
                                                        IdentificationStatus.VERIFIED)
                                                .skipPasswordRequirement()
                                                .build(),
                                        client.deadlineAfter(budget))
                                .join()
                                .isOk())
                .isTrue();
        assertThat(
                        client.createUser(
                                        CreateUserRequest.builder()
                                                .emailAddress(
                                                        "d2@example.com",
                                                        IdentificationStatus.VERIFIED)
                                                .skipPasswordRequirement()
                                                .build(),
                                        client.deadlineAfter(budget))
                                .join()
                                .isOk())
                .isTrue();
        assertThat(
                        client.createUser(
                                        CreateUserRequest.builder()
                                                .emailAddress(
                                                        "d5@example.com",
                                                        IdentificationStatus.VERIFIED)
                                                .skipPasswordRequirement()
                                                .build(),
                                        client.deadlineAfter(budget))
                                .join()
                                .isOk())
                .isTrue();
        int before = clerk.emulator().userCount();
        int callsBefore = clerk.requests().size();
        Path file = dir.resolve("users.jsonl");
        Files.writeString(
                file,
                "{\"id\": \"d1\", \"email\": \"d1@example.com\"}\n"
                        + "{\"id\": \"d2\", \"email\": \"d2@example.com\", \"email_verified\": true}\n"
                        + "{\"id\": \"d3\", \"email\": \"d3@example.com\"}\n"
                        + "{\"id\": \"d4\", \"email\": \"d4@\"}\n"
                        // Not said to be verified: linking it could hand d5 someone else's account.
                        + "{\"id\": \"d5\", \"email\": \"d5@example.com\"}\n");
        ImportFixture fixture = new ImportFixture(dir, clerk.baseUri(), "");
        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(file, FileFormat.JSONL),
                        ImportFixture.settings(PasswordFallback.CREATE, true));

        assertThat(report)
                .containsEntry("dry_run", true)
                .containsEntry("already_present", 1L)
                .containsEntry("would_link", 1L)
                .containsEntry("would_conflict", 1L)
                .containsEntry("would_create", 1L)
                .containsEntry("invalid", 1L);
        assertThat(clerk.emulator().userCount()).isEqualTo(before);
        List<RecordedCall> calls = clerk.requests().subList(callsBefore, clerk.requests().size());
        assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c.method()).isEqualTo("GET"));
        assertThat(fixture.ledgerFile()).doesNotExist();
        assertThat(Files.readString(fixture.errorsFile())).contains("\"legacy_id\":\"d4\"");
    }
}
