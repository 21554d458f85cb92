package dev.trickle.server.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.config.Secret;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.ratelimit.RateLimit;
import dev.trickle.server.e2e.ClerkUsers;
import dev.trickle.server.e2e.LedgerRows;
import dev.trickle.server.e2e.LegacyDatabase;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sources that are not files: a legacy user table in real PostgreSQL and MariaDB (streamed
 * through a cursor), and a second Clerk instance paged through its Backend API.
 */
final class ImportSourcesIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .secretKeys(List.of(ImportFixture.KEY))
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .maxUsers(10_000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static final String SOURCE_KEY = "sk_live_sourceInstance";

    @RegisterExtension
    static final ClerkEmulatorExtension source =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .secretKeys(List.of(SOURCE_KEY))
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .maxUsers(10_000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(LegacyDatabase.class)
    void legacyTableIsStreamedAndEveryActiveUserImportedOnce(LegacyDatabase database)
            throws Exception {
        String table = "import_users_" + HexFormat.of().formatHex(random(6));
        String digest;
        try (PasswordHashes hashes = new PasswordHashes(HashSettings.defaults())) {
            digest = hashes.bcryptHash("Legacy-pass-1").join();
        }
        int users = 250;
        try (Connection c = database.connect();
                Statement ddl = c.createStatement()) {
            ddl.execute(
                    "CREATE TABLE "
                            + table
                            + " (id BIGINT PRIMARY KEY, email VARCHAR(254), username VARCHAR(150),"
                            + " first_name VARCHAR(150), joined "
                            + (database == LegacyDatabase.POSTGRESQL
                                    ? "TIMESTAMP WITH TIME ZONE"
                                    : "DATETIME(3)")
                            + ", password VARCHAR(255), is_active BOOLEAN NOT NULL)");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= users; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, i == 7 ? "broken-address" : "db" + i + "@example.com");
                    insert.setString(3, "dbuser" + i);
                    insert.setString(4, "First" + i);
                    insert.setTimestamp(5, Timestamp.from(Instant.parse("2018-01-01T00:00:00Z")));
                    insert.setString(6, digest);
                    insert.setBoolean(7, i % 50 != 0);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        try {
            ImportFixture fixture =
                    new ImportFixture(
                            dir,
                            clerk.baseUri(),
                            "legacyDatabase:\n  url: "
                                    + database.jdbcUrl()
                                    + "\n  user: "
                                    + database.user()
                                    + "\n  query: SELECT id, email FROM "
                                    + table
                                    + " WHERE email = :identifier\n"
                                    + "import:\n  fetchSize: 20\n  query: >-\n"
                                    + "    SELECT id, email, username, first_name, joined AS created_at,"
                                    + " password AS password_digest FROM "
                                    + table
                                    + " WHERE is_active ORDER BY id\n");
            Map<String, Object> report =
                    fixture.run(
                            fixture.config(),
                            new ImportSource.Database(),
                            ImportFixture.settings(PasswordFallback.LEAVE, false));

            assertThat(report).containsEntry("rows", 245L).containsEntry("invalid", 1L);
            assertThat(report).containsEntry("created", 244L);
            Map<String, ClerkUsers.User> inClerk =
                    ClerkUsers.all(clerk.baseUri(), ImportFixture.KEY).stream()
                            .collect(Collectors.toMap(u -> u.externalId().orElseThrow(), u -> u));
            assertThat(inClerk).hasSize(244).doesNotContainKeys("7", "50", "100");
            assertThat(inClerk.get("1").createdAt())
                    .isEqualTo(Instant.parse("2018-01-01T00:00:00Z").toEpochMilli());
            assertThat(
                            ClerkUsers.verifyPassword(
                                    clerk.baseUri(),
                                    ImportFixture.KEY,
                                    inClerk.get("42").id(),
                                    "Legacy-pass-1"))
                    .isTrue();
            assertThat(LedgerRows.byLegacyId(fixture.ledgerUrl())).hasSize(244);
        } finally {
            try (Connection c = database.connect();
                    Statement ddl = c.createStatement()) {
                ddl.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void sourceClerkInstanceIsPagedAndItsIdsBecomeExternalIds() throws Exception {
        ClerkClient sourceClient =
                ClerkClient.builder(
                                ClerkSettings.of(source.baseUri().toString(), Secret.of(SOURCE_KEY))
                                        .withRateLimit(RateLimit.of(5000, Duration.ofSeconds(1))))
                        .build();
        int users = 603;
        for (int i = 0; i < users; i++) {
            CreateUserRequest.Builder request =
                    CreateUserRequest.builder()
                            .emailAddress(
                                    "moved" + i + "@example.com",
                                    i % 2 == 0
                                            ? IdentificationStatus.VERIFIED
                                            : IdentificationStatus.RESERVED)
                            .firstName("Moved")
                            .skipPasswordRequirement();
            assertThat(
                            sourceClient
                                    .createUser(
                                            request.build(),
                                            sourceClient.deadlineAfter(Duration.ofSeconds(5)))
                                    .join()
                                    .isOk())
                    .isTrue();
        }
        List<ClerkUsers.User> sourceUsers = ClerkUsers.all(source.baseUri(), SOURCE_KEY);
        ImportFixture fixture =
                new ImportFixture(
                        dir,
                        clerk.baseUri(),
                        "import:\n  sourceClerk:\n    apiUrl: "
                                + source.baseUri()
                                + "\n    secretKey: "
                                + SOURCE_KEY
                                + "\n");
        Map<String, Object> report =
                fixture.run(
                        fixture.config(),
                        new ImportSource.ClerkApi(),
                        ImportFixture.settings(PasswordFallback.CREATE, false));

        assertThat(report)
                .containsEntry("created", (long) users)
                .containsEntry("rows", (long) users);
        Map<String, ClerkUsers.User> moved =
                ClerkUsers.all(clerk.baseUri(), ImportFixture.KEY).stream()
                        .collect(Collectors.toMap(u -> u.externalId().orElseThrow(), u -> u));
        assertThat(moved.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        sourceUsers.stream().map(ClerkUsers.User::id).toList());
        for (ClerkUsers.User original : sourceUsers) {
            assertThat(moved.get(original.id()).email()).isEqualTo(original.email());
        }
        assertThat(LedgerRows.byLegacyId(fixture.ledgerUrl()).values())
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(MigrationState.MIGRATED));
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
