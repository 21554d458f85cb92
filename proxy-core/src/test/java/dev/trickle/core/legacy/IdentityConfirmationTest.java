package dev.trickle.core.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.ratelimit.BoundedPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user looked up by the typed identifier moves only once confirmed as the one the app signed in:
 * the forged-identity attack (the app signs mallory in, the typed field names alice) against a real
 * SQLite user table with bcrypt digests the hash library made.
 */
final class IdentityConfirmationTest {
    private static final String ALICE_PASSWORD = "alice's own 1";
    private static final String MALLORY_PASSWORD = "mallory's own 2";
    private static final SuccessRules LOGGED_IN =
            new SuccessRules(
                    Set.of(302),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("wordpress_logged_in_*"),
                    Optional.empty(),
                    Optional.empty());

    @TempDir static Path dir;
    private static PasswordHashes hashes;
    private static BoundedPool lookups;
    private static LegacyUserDirectory directory;
    private static DigestCheck digests;

    @BeforeAll
    static void seed() throws Exception {
        hashes = new PasswordHashes(HashSettings.defaults());
        lookups =
                BoundedPool.start(
                        "lookup", 2, 64, Ticker.systemTicker(), new SimpleMeterRegistry());
        String url = "jdbc:sqlite:" + dir.resolve("legacy.db");
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT, email TEXT, pass TEXT)");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)")) {
                insert(insert, 1, "alice", hashes.bcryptHash(ALICE_PASSWORD).get());
                insert(insert, 2, "mallory", hashes.bcryptHash(MALLORY_PASSWORD).get());
                insert(insert, 3, "carol", "{UNKNOWN}abc");
            }
        }
        directory =
                new LegacyUserDirectory(
                        new LegacyDatabaseSettings(
                                url,
                                Optional.empty(),
                                Optional.empty(),
                                "SELECT id, email, login AS username, pass AS password_digest"
                                        + " FROM users WHERE login = :identifier",
                                2,
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2),
                                Optional.empty(),
                                Optional.empty()));
        digests = new DigestCheck(hashes, Optional.empty(), Map.of());
    }

    private static void insert(PreparedStatement insert, int id, String login, String digest)
            throws Exception {
        insert.setInt(1, id);
        insert.setString(2, login);
        insert.setString(3, login + "@example.com");
        insert.setString(4, digest);
        insert.executeUpdate();
    }

    @AfterAll
    static void close() {
        directory.close();
        hashes.close();
        lookups.close();
    }

    @Test
    void theTypedPasswordMustMatchTheUserTheTypedIdentifierNames() throws Exception {
        IdentityConfirmation typed = new IdentityConfirmation.TypedPassword(digests);
        // log=alice&log=mallory&pwd=mallory's: the app signs mallory in, Trickle read alice.
        assertThat(verify(typed, "alice", MALLORY_PASSWORD, loggedInAs("mallory")))
                .isEqualTo(
                        new LegacyVerification.Unconfirmed(
                                "the typed password does not match the user the identifier names"));
        LegacyVerification honest = verify(typed, "alice", ALICE_PASSWORD, loggedInAs("alice"));
        assertThat(honest).isInstanceOf(LegacyVerification.Verified.class);
        assertThat(((LegacyVerification.Verified) honest).identity().legacyId()).isEqualTo("1");
        assertThat(verify(typed, "nobody", "x", loggedInAs("mallory")))
                .isInstanceOf(LegacyVerification.Unconfirmed.class);
        assertThat(verify(typed, "carol", "x", loggedInAs("carol")))
                .as("a digest Trickle cannot read confirms nobody")
                .isInstanceOf(LegacyVerification.Unavailable.class);
    }

    @Test
    void theSessionCookieTheAnswerSetsMustNameTheUser() throws Exception {
        IdentityConfirmation cookie =
                new IdentityConfirmation.SessionCookie(
                        "wordpress_logged_in_*",
                        Pattern.compile("^([^|]+)\\|"),
                        IdentityConfirmation.Field.USERNAME);
        assertThat(verify(cookie, "alice", MALLORY_PASSWORD, loggedInAs("mallory")))
                .isInstanceOf(LegacyVerification.Unconfirmed.class);
        assertThat(verify(cookie, "alice", ALICE_PASSWORD, loggedInAs("alice")))
                .isInstanceOf(LegacyVerification.Verified.class);
    }

    @Test
    void theCurrentUserTheAppAnswersMustBeTheUser() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext(
                "/me",
                exchange -> {
                    String cookie = exchange.getRequestHeaders().getFirst("Cookie");
                    String id = cookie != null && cookie.contains("mallory") ? "2" : "1";
                    byte[] body = ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        app.start();
        try {
            IdentityConfirmation current =
                    new IdentityConfirmation.CurrentUser(
                            URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/me"),
                            JsonPointer.compile("/id"));
            assertThat(verify(current, "alice", MALLORY_PASSWORD, loggedInAs("mallory")))
                    .isEqualTo(
                            new LegacyVerification.Unconfirmed(
                                    "the app signed in another user than the identifier names"));
            assertThat(verify(current, "alice", ALICE_PASSWORD, loggedInAs("alice")))
                    .isInstanceOf(LegacyVerification.Verified.class);
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aRefusedLoginIsRejectedBeforeAnyConfirmation() throws Exception {
        IdentityConfirmation typed = new IdentityConfirmation.TypedPassword(digests);
        LegacyResponse form = new LegacyResponse(200, HttpFields.of(List.of()), new byte[0]);
        assertThat(verify(typed, "alice", ALICE_PASSWORD, form))
                .isInstanceOf(LegacyVerification.Rejected.class);
    }

    private static LegacyVerification verify(
            IdentityConfirmation confirmation,
            String identifier,
            String password,
            LegacyResponse response)
            throws Exception {
        return new UpstreamVerifier(
                        LOGGED_IN,
                        new IdentitySource.Directory(directory, confirmation),
                        lookups,
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(2))
                .verify(new Credentials(identifier, password), HttpFields.of(List.of()), response)
                .get(10, TimeUnit.SECONDS);
    }

    /** WordPress's answer to a login: a redirect and the logged-in cookie naming the user. */
    private static LegacyResponse loggedInAs(String login) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Location", "/wp-admin/"));
        headers.add(Map.entry("Set-Cookie", "wordpress_test_cookie=WP%20Cookie%20check; path=/"));
        headers.add(
                Map.entry(
                        "Set-Cookie",
                        "wordpress_logged_in_0f3a="
                                + login
                                + "%7C1900000000%7Ct0k3n%7Chm4c; path=/; HttpOnly"));
        return new LegacyResponse(302, HttpFields.of(headers), new byte[0]);
    }
}
