package dev.trickle.server.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.importer.FileFormat;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.e2e.ClerkUsers;
import dev.trickle.server.e2e.LedgerRows;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file format through {@code trickle import}'s composition, against the Clerk emulator over
 * loopback and a real SQLite ledger: users land in Clerk with the legacy id as external_id, once,
 * with a digest Clerk can verify when the source had one, and bad rows land in the errors file.
 */
final class ImportFormatsIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .secretKeys(List.of(ImportFixture.KEY))
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .maxUsers(10_000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PasswordHashes hashes;
    private static String digestOfSecret;

    @TempDir Path dir;

    @BeforeAll
    static void hashes() {
        hashes = new PasswordHashes(HashSettings.defaults());
        digestOfSecret = hashes.bcryptHash("s3cret-Passw0rd").join();
    }

    @AfterAll
    static void close() {
        hashes.close();
    }

    private ImportFixture fixture() {
        return new ImportFixture(dir, clerk.baseUri(), "");
    }

    private Map<String, ClerkUsers.User> clerkUsers() throws Exception {
        return ClerkUsers.all(clerk.baseUri(), ImportFixture.KEY).stream()
                .collect(Collectors.toMap(u -> u.externalId().orElse("-"), u -> u));
    }

    private boolean verifies(String externalId, String password) throws Exception {
        return ClerkUsers.verifyPassword(
                clerk.baseUri(), ImportFixture.KEY, clerkUsers().get(externalId).id(), password);
    }

    @Test
    void genericJsonLinesImportsEachUserOnceWithTheirDigestAndRecordsThemInTheLedger()
            throws Exception {
        Path file = dir.resolve("users.jsonl");
        Files.writeString(
                file,
                line(
                                Map.of(
                                        "id",
                                        "u1",
                                        "email",
                                        "one@example.com",
                                        "password_digest",
                                        digestOfSecret))
                        + line(Map.of("id", "u2", "username", "second_user", "first_name", "Two"))
                        + "\n"
                        + line(
                                Map.of(
                                        "id",
                                        "u3",
                                        "email",
                                        "three@example.com",
                                        "created_at",
                                        "2019-05-06T07:08:09Z")));
        ImportFixture fixture = fixture();
        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(file, FileFormat.JSONL),
                        ImportFixture.settings(PasswordFallback.CREATE, false));

        assertThat(report).containsEntry("created", 3L).containsEntry("invalid", 0L);
        assertThat(report.get("passwords")).isEqualTo(Map.of("digest", 1L, "none", 2L));
        Map<String, ClerkUsers.User> users = clerkUsers();
        assertThat(users).containsOnlyKeys("u1", "u2", "u3");
        assertThat(users.get("u1").email()).isEqualTo("one@example.com");
        assertThat(users.get("u3").createdAt())
                .isEqualTo(java.time.Instant.parse("2019-05-06T07:08:09Z").toEpochMilli());
        assertThat(verifies("u1", "s3cret-Passw0rd")).isTrue();
        Map<String, LedgerRecord> ledger = LedgerRows.byLegacyId(fixture.ledgerUrl());
        assertThat(ledger.values())
                .allSatisfy(
                        r -> {
                            assertThat(r.state()).isEqualTo(MigrationState.MIGRATED);
                            assertThat(r.source()).isEqualTo(MigrationSource.IMPORT);
                        });
        assertThat(ledger.get("u1").clerkUserId()).contains(users.get("u1").id());

        Map<String, Object> again =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(file, FileFormat.JSONL),
                        ImportFixture.settings(PasswordFallback.CREATE, false));
        assertThat(again).containsEntry("created", 0L).containsEntry("already_present", 3L);
        assertThat(clerkUsers()).hasSize(3);
    }

    @Test
    void genericJsonArrayAndCsvAreReadTheSameWay() throws Exception {
        Path json = dir.resolve("users.json");
        Files.writeString(
                json,
                "[{\"id\": \"j1\", \"email\": \"j1@example.com\", \"email_verified\": false},"
                        + " {\"id\": \"j2\", \"email\": \"j2@example.com\"}]");
        Path csv = dir.resolve("users.csv");
        Files.writeString(
                csv,
                "id,email,first_name,last_name,password_digest\r\n"
                        + "c1,c1@example.com,\"Smith, Jr.\",\"O\"\"Brien\","
                        + digestOfSecret
                        + "\r\nc2,c2@example.com,,,\r\n");
        ImportFixture fixture = fixture();
        var settings = ImportFixture.settings(PasswordFallback.CREATE, false);
        assertThat(
                        fixture.run(
                                fixture.config(),
                                ImportFixture.file(json, FileFormat.JSON),
                                settings))
                .containsEntry("created", 2L);
        assertThat(fixture.run(fixture.config(), ImportFixture.file(csv, FileFormat.CSV), settings))
                .containsEntry("created", 2L)
                .containsEntry("invalid", 0L);
        assertThat(clerkUsers()).containsOnlyKeys("j1", "j2", "c1", "c2");
        assertThat(verifies("c1", "s3cret-Passw0rd")).isTrue();
    }

    @Test
    void clerkDashboardExportKeepsTheSourceIdAndBcryptDigest() throws Exception {
        Path csv = dir.resolve("clerk-export.csv");
        Files.writeString(
                csv,
                "id,first_name,last_name,username,primary_email_address,primary_phone_number,"
                        + "verified_email_addresses,unverified_email_addresses,verified_phone_numbers,"
                        + "unverified_phone_numbers,totp_secret,password_digest,password_hasher\n"
                        + "user_2aaa,Jane,Doe,,jane@example.com,,\"jane@example.com,jd@example.com\",,,,,"
                        + digestOfSecret
                        + ",bcrypt\n"
                        + "user_2bbb,Bob,,,bob@example.com,,,bob@example.com,,,,,\n");
        ImportFixture fixture = fixture();
        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(csv, FileFormat.CLERK_CSV),
                        ImportFixture.settings(PasswordFallback.CREATE, false));
        assertThat(report).containsEntry("created", 2L);
        assertThat(clerkUsers()).containsOnlyKeys("user_2aaa", "user_2bbb");
        assertThat(verifies("user_2aaa", "s3cret-Passw0rd")).isTrue();
    }

    @Test
    void auth0BulkExportAndItsPasswordHashExportAreBothRead() throws Exception {
        Path ndjson = dir.resolve("auth0.json");
        Files.writeString(
                ndjson,
                "{\"user_id\":\"auth0|5f1\",\"email\":\"a@example.com\",\"email_verified\":true,"
                        + "\"given_name\":\"Ann\",\"family_name\":\"Lee\",\"created_at\":\"2021-02-03T04:05:06.789Z\"}\n"
                        + "{\"_id\":{\"$oid\":\"60b\"},\"email\":\"b@example.com\",\"email_verified\":false,"
                        + "\"passwordHash\":\""
                        + digestOfSecret
                        + "\",\"connection\":\"Username-Password-Authentication\"}\n");
        ImportFixture fixture = fixture();
        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(ndjson, FileFormat.AUTH0),
                        ImportFixture.settings(PasswordFallback.CREATE, false));
        assertThat(report).containsEntry("created", 2L);
        assertThat(clerkUsers()).containsOnlyKeys("auth0|5f1", "auth0|60b");
        assertThat(verifies("auth0|60b", "s3cret-Passw0rd")).isTrue();
    }

    @Test
    void firebaseExportBecomesScryptFirebaseDigestsClerkCanVerify() throws Exception {
        // npm firebase-scrypt 2.2.0's vector for the password "password"
        // (hash-vectors/vectors.json).
        Path export = dir.resolve("firebase.json");
        Files.writeString(
                export,
                "{\"users\": [{\"localId\": \"fb1\", \"email\": \"fb@example.com\","
                        + " \"emailVerified\": true, \"displayName\": \"Ada King Lovelace\","
                        + " \"passwordHash\": \"mMQS/Sh/HDLYZHPXHprgh8ifNye7zNCmCPk7tv0Iv+iEYB5YiENmAD6aWxIv+Iw58E24rHpCO5PuE+NhqawFpQ==\","
                        + " \"salt\": \"V8p5ZfvdrXT1bvGBYdWI4Q==\", \"createdAt\": \"1484000000000\"},"
                        + " {\"localId\": \"fb2\", \"email\": \"google@example.com\","
                        + " \"providerUserInfo\": [{\"providerId\": \"google.com\"}]}]}");
        ImportFixture fixture =
                new ImportFixture(
                        dir,
                        clerk.baseUri(),
                        "import:\n  firebase:\n    signerKey: ${FIREBASE_SIGNER_KEY}\n"
                                + "    saltSeparator: Bw==\n    rounds: 8\n    memCost: 10\n");
        Map<String, Object> report =
                fixture.run(
                        fixture.config(
                                name ->
                                        name.equals("FIREBASE_SIGNER_KEY")
                                                ? "e9abNv+Xa4sCx0Icrz7lxYTse6beuDySFdYIMJUgiScplyN4KCWPoLTKmfk3g5nIthhrc0kC0N2PM1i4H7FC9Q=="
                                                : null),
                        ImportFixture.file(export, FileFormat.FIREBASE),
                        ImportFixture.settings(PasswordFallback.CREATE, false));
        assertThat(report).containsEntry("created", 2L);
        assertThat(report.get("passwords")).isEqualTo(Map.of("digest", 1L, "none", 1L));
        assertThat(verifies("fb1", "password")).isTrue();
        assertThat(verifies("fb1", "xpassword")).isFalse();
    }

    @Test
    void badEmailAndUnsupportedDigestGoToTheErrorsFileWithTheirReasonAndNoSecret()
            throws Exception {
        // A Django scrypt digest: the hash library reads it, Clerk has no hasher for it.
        String unsupported = "scrypt$16384$c2FsdHNhbHQ=$8$1$" + "A".repeat(42) + "=";
        Path file = dir.resolve("users.jsonl");
        Files.writeString(
                file,
                line(
                                Map.of(
                                        "id",
                                        "ok1",
                                        "email",
                                        "ok@example.com",
                                        "password_digest",
                                        digestOfSecret))
                        + line(Map.of("id", "bad-email", "email", "not an email"))
                        + line(
                                Map.of(
                                        "id",
                                        "odd-digest",
                                        "email",
                                        "odd@example.com",
                                        "password_digest",
                                        unsupported))
                        + "{\"id\": \"broken\", \n"
                        + line(
                                Map.of(
                                        "id",
                                        "late",
                                        "email",
                                        "late@example.com",
                                        "password_digest",
                                        digestOfSecret)));
        ImportFixture fixture = fixture();
        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        ImportFixture.file(file, FileFormat.JSONL),
                        ImportFixture.settings(PasswordFallback.LEAVE, false));

        assertThat(report)
                .containsEntry("created", 2L)
                .containsEntry("invalid", 2L)
                .containsEntry("skipped", 1L);
        assertThat(clerkUsers()).containsOnlyKeys("ok1", "late");
        String errors = Files.readString(fixture.errorsFile());
        List<Map<String, Object>> lines = errors.lines().map(ImportFormatsIT::parse).toList();
        assertThat(lines)
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .containsEntry("row", 2)
                                        .containsEntry("legacy_id", "bad-email")
                                        .containsEntry("field", "email")
                                        .containsEntry("reason", "not an email address")
                                        .containsEntry("action", "rejected"))
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .containsEntry("row", 3)
                                        .containsEntry("legacy_id", "odd-digest")
                                        .containsEntry("field", "password_digest")
                                        .containsEntry("action", "left_for_login"))
                .anySatisfy(
                        l -> assertThat(l).containsEntry("row", 4).containsEntry("field", "(row)"));
        assertThat(errors).doesNotContain(unsupported).doesNotContain("c2FsdHNhbHQ");
    }

    private static String line(Map<String, String> fields) throws Exception {
        return JSON.writeValueAsString(fields) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
