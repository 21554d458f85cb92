package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test: digests planted in the legacy table within the cost caps shipped before (scrypt
 * N = 2^20 at r = 8 is 1 GiB per check; argon2 256 MiB) used to take one login to end the proxy:
 * {@code serve} in a 256 MiB heap with {@code -XX:+ExitOnOutOfMemoryError}, as shipped, exits on
 * the first. Now they are refused unhashed, while an honest but costly digest (Werkzeug's scrypt
 * default, 32 MiB) is checked within the memory budget however many log in at once.
 */
final class PlantedDigestIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .secretKeys(List.of(TrickleConfig.PRODUCTION_KEY))
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static final String SALT = "c29tZXNhbHQ";
    private static final String HASH = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final String PASSWORD = "honest-password";

    private static LegacyLoginApp app;
    private static LegacyUserTable table;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        byte[] key =
                SCrypt.generate(
                        PASSWORD.getBytes(StandardCharsets.UTF_8),
                        "werkzeug-salt".getBytes(StandardCharsets.UTF_8),
                        1 << 15,
                        8,
                        1,
                        64);
        table =
                LegacyUserTable.create(
                        LegacyDatabase.POSTGRESQL,
                        List.of(
                                user(1, "planted-gib", "scrypt:1048576:8:1$salt$00ff"),
                                user(2, "planted-mib", "scrypt:131072:16:1$salt$00ff"),
                                user(
                                        3,
                                        "planted-argon2",
                                        "$argon2id$v=19$m=262144,t=1,p=1$" + SALT + "$" + HASH),
                                user(
                                        4,
                                        "honest",
                                        "scrypt:32768:8:1$werkzeug-salt$"
                                                + HexFormat.of().formatHex(key))));
        // The app checks passwords itself, as a real one would: it signs the honest user in, and
        // refuses the planted rows (its own hash library will not run their costs either).
        app = LegacyLoginApp.start(table);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        table.close();
    }

    private static String metrics(int adminPort) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static LegacyUser user(long id, String username, String digest) {
        return new LegacyUser(
                id,
                username,
                username + "@example.com",
                "Test",
                Instant.parse("2020-01-01T00:00:00Z"),
                digest.startsWith("$argon2") ? "argon2id" : "scrypt_werkzeug",
                digest,
                PASSWORD);
    }

    @Test
    void plantedDigestsAreRefusedAndTheProxySurvivesConcurrentAttempts() throws Exception {
        Path config = dir.resolve("trickle.yml");
        Files.writeString(
                config,
                new TrickleConfig(
                                app.url(),
                                clerk.baseUri(),
                                "jdbc:sqlite:" + dir.resolve("ledger.db"),
                                table)
                        .yaml());
        try (ServeProcess serve = ServeProcess.start(config, TrickleConfig.PRODUCTION_KEY)) {
            String token = Logins.csrfToken(app.port());
            List<Callable<Integer>> logins = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                for (String planted : List.of("planted-gib", "planted-mib", "planted-argon2")) {
                    logins.add(() -> Logins.form(serve.port(), token, planted, PASSWORD).status());
                }
                logins.add(() -> Logins.form(serve.port(), token, "honest", PASSWORD).status());
            }

            LoginStorm.Result<Integer> storm = LoginStorm.run(12, Duration.ofSeconds(60), logins);

            assertThat(serve.alive()).as("serve exited: out of memory").isTrue();
            assertThat(storm.failures()).isEmpty();
            assertThat(storm.answers()).hasSize(40).containsOnly(200, 302);
            String metrics = metrics(serve.adminPort());
            assertThat(counter(metrics, "trickle_hash_refused_total", "reason=\"cost\""))
                    .as("every planted check refused before hashing")
                    .isEqualTo(30);
            assertThat(counter(metrics, "trickle_hash_refused_total", "reason=\"memory_budget\""))
                    .as("the honest user's checks waited for memory; none was refused")
                    .isZero();
            assertThat(counter(metrics, "trickle_logins_total", "result=\"unverified\""))
                    .isEqualTo(30);
            // Once migrated, the honest user's logins are forwarded without a check.
            assertThat(
                            counter(metrics, "trickle_logins_total", "result=\"verified\"")
                                    + counter(
                                            metrics,
                                            "trickle_logins_total",
                                            "result=\"migrated_user\""))
                    .isEqualTo(10);
            assertThat(clerk.emulator().userCount()).isEqualTo(1);
        }
    }

    /** The sum of a counter's samples whose labels include {@code label}. */
    private static double counter(String scrape, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} ([0-9.eE+]+)$").matcher(scrape);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(label)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
