package dev.trickle.core.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.config.Secret;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ratelimit.BoundedPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database strategy against real databases on this machine: a Django-shaped {@code auth_user}
 * table holding digests made by real tools (the hash library's committed vectors).
 */
final class DatabaseVerifierTest {
    private static final String TABLE =
            "auth_user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    @TempDir static Path dir;
    private static final List<Row> ROWS = new ArrayList<>();
    private static PasswordHashes hashes;
    private static BoundedPool lookups;

    record Row(long id, String username, String email, String digest, String password) {}

    @BeforeAll
    static void seed() throws Exception {
        JsonNode vectors;
        try (InputStream in =
                DatabaseVerifierTest.class.getResourceAsStream("/hash-vectors/vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        List<String> formats =
                List.of(
                        "pbkdf2_sha256_django",
                        "bcrypt",
                        "argon2_django",
                        "bcrypt_sha256_django",
                        "phpass");
        for (String format : formats) {
            for (JsonNode v : vectors) {
                if (v.path("format").asText().equals(format)
                        && v.path("match").asBoolean()
                        && v.path("params").isMissingNode()
                        && !v.path("password").asText().isEmpty()) {
                    long id = 100 + ROWS.size();
                    ROWS.add(
                            new Row(
                                    id,
                                    "user" + id,
                                    "user" + id + "@example.com",
                                    v.path("digest").asText(),
                                    v.path("password").asText()));
                    break;
                }
            }
        }
        assertThat(ROWS).hasSize(formats.size());
        for (String url : List.of(POSTGRES, MARIADB, sqlite())) {
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.executeUpdate(
                        "CREATE TABLE "
                                + TABLE
                                + " (id INTEGER PRIMARY KEY, username VARCHAR(150) UNIQUE NOT NULL,"
                                + " email VARCHAR(254) NOT NULL, first_name VARCHAR(150), last_name VARCHAR(150),"
                                + " password VARCHAR(255) NOT NULL, date_joined TIMESTAMP NOT NULL, is_active BOOLEAN NOT NULL)");
                try (PreparedStatement insert =
                        c.prepareStatement(
                                "INSERT INTO "
                                        + TABLE
                                        + " VALUES (?, ?, ?, 'Ada', 'Lovelace', ?, ?, ?)")) {
                    for (Row row : ROWS) {
                        insert.setLong(1, row.id());
                        insert.setString(2, row.username());
                        insert.setString(3, row.email());
                        insert.setString(4, row.digest());
                        insert.setTimestamp(
                                5, java.sql.Timestamp.from(Instant.parse("2019-03-01T09:00:00Z")));
                        insert.setBoolean(6, true);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
        }
        hashes = new PasswordHashes(HashSettings.defaults());
        lookups =
                BoundedPool.start(
                        "lookup", 2, 64, Ticker.systemTicker(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void drop() throws Exception {
        for (String url : List.of(POSTGRES, MARIADB)) {
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
            }
        }
        hashes.close();
        lookups.close();
    }

    private static String sqlite() {
        return "jdbc:sqlite:" + dir.resolve("legacy.db");
    }

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("postgresql", POSTGRES),
                Arguments.of("mariadb", MARIADB),
                // The URL MySQL's documentation gives, opened by the MariaDB driver the jar has.
                Arguments.of("mysql", MARIADB.replace("jdbc:mariadb:", "jdbc:mysql:")),
                Arguments.of("sqlite", "sqlite"));
    }

    private static DatabaseVerifier verifier(String url) {
        return new DatabaseVerifier(
                new LegacyUserDirectory(settings(url)),
                new DigestCheck(hashes, Optional.empty(), Map.of()),
                lookups,
                Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theCountQueryReportsTheLegacyUsersAMigrationShouldReach(String name, String url) {
        try (LegacyUserDirectory directory = new LegacyUserDirectory(settings(url))) {
            assertThat(directory.countUsers()).hasValue(ROWS.size());
        }
    }

    @Test
    void lookUpsAreTimedByOutcomeAndThePoolIsMetered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LegacyUserDirectory directory =
                new LegacyUserDirectory(settings("sqlite"), registry)) {
            assertThat(directory.find(ROWS.get(0).email())).isPresent();
            assertThat(directory.find("nobody@example.com")).isEmpty();
            assertThat(directory.find("nobody-either@example.com")).isEmpty();
            // The pool's meters go with the pool: read them while it is open.
            assertThat(
                            registry.get("hikaricp.connections")
                                    .tag("pool", "trickle-legacy-db")
                                    .gauge()
                                    .value())
                    .isPositive();
        }
        assertThat(registry.get(LegacyUserDirectory.LOOKUP).tag("outcome", "found").timer().count())
                .isEqualTo(1);
        assertThat(
                        registry.get(LegacyUserDirectory.LOOKUP)
                                .tag("outcome", "absent")
                                .timer()
                                .count())
                .isEqualTo(2);
    }

    private static LegacyDatabaseSettings settings(String url) {
        String jdbc = url.equals("sqlite") ? sqlite() : url;
        return new LegacyDatabaseSettings(
                jdbc,
                Optional.empty(),
                Optional.empty(),
                "SELECT id, email, username, first_name, last_name, date_joined AS created_at,"
                        + " password AS password_digest FROM "
                        + TABLE
                        + " WHERE (username = :identifier OR email = :identifier) AND is_active",
                2,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Optional.of("SELECT COUNT(*) FROM " + TABLE + " WHERE is_active"),
                Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rightPasswordsVerifyForEveryDigestFormatByUsernameOrEmail(String name, String url)
            throws Exception {
        DatabaseVerifier verifier = verifier(url);
        for (Row row : ROWS) {
            String identifier = row.id() % 2 == 0 ? row.username() : row.email();
            LegacyVerification result =
                    verifier.verify(new Credentials(identifier, row.password()))
                            .get(30, TimeUnit.SECONDS);
            assertThat(result)
                    .as(row.digest().substring(0, 12))
                    .isInstanceOf(LegacyVerification.Verified.class);
            LegacyIdentity identity = ((LegacyVerification.Verified) result).identity();
            assertThat(identity.legacyId()).isEqualTo(String.valueOf(row.id()));
            assertThat(identity.email()).hasValue(row.email());
            assertThat(identity.username()).hasValue(row.username());
            assertThat(identity.firstName()).hasValue("Ada");
            assertThat(identity.createdAt()).hasValue(Instant.parse("2019-03-01T09:00:00Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void wrongPasswordsAndUnknownUsersAreRejected(String name, String url) throws Exception {
        DatabaseVerifier verifier = verifier(url);
        for (Row row : ROWS) {
            assertThat(
                            verifier.verify(new Credentials(row.username(), row.password() + "x"))
                                    .get(30, TimeUnit.SECONDS))
                    .isEqualTo(new LegacyVerification.Rejected("wrong password"));
        }
        assertThat(
                        verifier.verify(new Credentials("nobody@example.com", "x"))
                                .get(30, TimeUnit.SECONDS))
                .isEqualTo(new LegacyVerification.Rejected("unknown user"));
    }

    @org.junit.jupiter.api.Test
    void aDownDatabaseMakesTheLoginUnverifiableQuicklyWithoutLeakingTheIdentifierOrPassword()
            throws Exception {
        LegacyDatabaseSettings settings =
                new LegacyDatabaseSettings(
                        "jdbc:postgresql://127.0.0.1:1/test?user=postgres",
                        Optional.empty(),
                        Optional.empty(),
                        "SELECT id FROM users WHERE email = :identifier",
                        1,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Optional.empty(),
                        Optional.empty());
        try (LegacyUserDirectory directory = new LegacyUserDirectory(settings)) {
            DatabaseVerifier verifier =
                    new DatabaseVerifier(
                            directory,
                            new DigestCheck(hashes, Optional.empty(), Map.of()),
                            lookups,
                            Duration.ofSeconds(2));
            LegacyVerification result =
                    verifier.verify(new Credentials("ada@example.com", "hunter2"))
                            .get(10, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(LegacyVerification.Unavailable.class);
            assertThat(result.toString()).doesNotContain("hunter2");
        }
    }

    @org.junit.jupiter.api.Test
    void aBcryptPepperIsJoinedToBcryptDigestsOnlySoDevisesPepperedDigestsVerify() throws Exception {
        String pepper = "5f1d3c9be0a74e6b";
        String password = "analytical engine 1843";
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        // What Devise stores with config.pepper: bcrypt of the password followed by the pepper.
        String peppered =
                OpenBSDBCrypt.generate(
                        "2a", (password + pepper).getBytes(StandardCharsets.UTF_8), salt, 4);
        Row phpass =
                ROWS.stream().filter(r -> r.digest().startsWith("$P$")).findFirst().orElseThrow();
        String url = "jdbc:sqlite:" + dir.resolve("devise.db");
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, digest TEXT)");
            s.executeUpdate("INSERT INTO users VALUES (1, 'ada@example.com', '" + peppered + "')");
            s.executeUpdate(
                    "INSERT INTO users VALUES (2, 'old@example.com', '" + phpass.digest() + "')");
        }
        String query =
                "SELECT id, email, digest AS password_digest FROM users WHERE email = :identifier";
        LegacyDatabaseSettings withPepper =
                new LegacyDatabaseSettings(
                        url,
                        Optional.empty(),
                        Optional.empty(),
                        query,
                        1,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Optional.empty(),
                        Optional.of(Secret.of(pepper)));
        LegacyDatabaseSettings without =
                new LegacyDatabaseSettings(
                        url,
                        Optional.empty(),
                        Optional.empty(),
                        query,
                        1,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Optional.empty(),
                        Optional.empty());
        try (LegacyUserDirectory directory = new LegacyUserDirectory(withPepper);
                LegacyUserDirectory plain = new LegacyUserDirectory(without)) {
            DatabaseVerifier verifier =
                    new DatabaseVerifier(
                            directory,
                            new DigestCheck(hashes, Optional.empty(), Map.of()),
                            lookups,
                            Duration.ofSeconds(2));
            LegacyVerification ada =
                    verifier.verify(new Credentials("ada@example.com", password))
                            .get(30, TimeUnit.SECONDS);
            assertThat(ada).isInstanceOf(LegacyVerification.Verified.class);
            assertThat(((LegacyVerification.Verified) ada).identity().passwordDigest())
                    .hasValue(peppered + "$" + pepper);
            assertThat(
                            verifier.verify(new Credentials("ada@example.com", password + pepper))
                                    .get(30, TimeUnit.SECONDS))
                    .isEqualTo(new LegacyVerification.Rejected("wrong password"));
            LegacyVerification old =
                    verifier.verify(new Credentials("old@example.com", phpass.password()))
                            .get(30, TimeUnit.SECONDS);
            assertThat(old).isInstanceOf(LegacyVerification.Verified.class);
            assertThat(((LegacyVerification.Verified) old).identity().passwordDigest())
                    .hasValue(phpass.digest());

            DatabaseVerifier unpeppered =
                    new DatabaseVerifier(
                            plain,
                            new DigestCheck(hashes, Optional.empty(), Map.of()),
                            lookups,
                            Duration.ofSeconds(2));
            assertThat(
                            unpeppered
                                    .verify(new Credentials("ada@example.com", password))
                                    .get(30, TimeUnit.SECONDS))
                    .isEqualTo(new LegacyVerification.Rejected("wrong password"));
        }
    }
}
