package dev.trickle.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trickle serve} configured as an operator would, in front of a real legacy app (CSRF form
 * login verified against its SQLite user table, JSON login verified by its own answer), moving
 * users into the Clerk emulator as they log in.
 */
final class MigrationEndToEndIT {
    private static final Pattern CSRF =
            Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([0-9a-f]+)\"");

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, Duration.ofSeconds(10)));

    @TempDir Path dir;
    private DemoLegacyApp legacy;
    private ProxyApplication proxy;
    private final List<DemoUser> users = DemoUserStore.demoUsers(4);

    @BeforeEach
    void start() throws Exception {
        DemoUserStore store = DemoUserStore.create(dir.resolve("legacy.db"), 4);
        legacy = DemoLegacyApp.start(store, new InetSocketAddress("127.0.0.1", 0));
        String yaml =
                """
                listen: 127.0.0.1:0
                upstream:
                  url: http://127.0.0.1:%d
                admin:
                  listen: 127.0.0.1:0
                clerk:
                  apiUrl: %s
                  secretKey: ${CLERK_SECRET_KEY}
                ledger:
                  url: jdbc:sqlite:%s
                legacyDatabase:
                  url: %s
                  query: >-
                    SELECT id, email, username, first_name, last_name, date_joined AS created_at,
                    password AS password_digest FROM users WHERE username = :identifier OR email = :identifier
                routes:
                  - name: form-login
                    path: /login
                    credentials: {form: {identifier: username, password: password}}
                    verify: database
                  - name: json-login
                    path: /api/login
                    credentials: {json: {identifier: /email, password: /password}}
                    verify: upstream
                    success: {status: [200], jsonPointer: /user/id}
                    identity:
                      json: {id: /user/id, email: /user/email, username: /user/username, firstName: /user/first_name}
                """
                        .formatted(
                                legacy.address().getPort(),
                                clerk.baseUri(),
                                dir.resolve("ledger.db"),
                                store.jdbcUrl());
        proxy =
                ProxyApplication.start(
                        ConfigLoader.withEnvironment(
                                        name ->
                                                name.equals("CLERK_SECRET_KEY")
                                                        ? clerk.secretKey()
                                                        : null)
                                .parse(yaml));
    }

    @AfterEach
    void stop() {
        proxy.close();
        legacy.close();
    }

    @Test
    void aFormLoginVerifiedAgainstTheLegacyDatabaseMovesTheUserToClerk() throws Exception {
        DemoUser ada = users.get(0);
        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        String found = clerkGet("/users?external_id=" + ada.id());
        assertThat(found)
                .contains(
                        "\"external_id\":\"" + ada.id() + "\"",
                        ada.email(),
                        "\"password_enabled\":true");
        assertThat(legacy.loginsSucceeded.get()).isEqualTo(1);
        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void aJsonLoginAcceptedByTheLegacyAppMovesTheUserAndAWrongPasswordMovesNobody()
            throws Exception {
        DemoUser grace = users.get(1);
        assertThat(jsonLogin(grace.email(), grace.password() + "x").statusCode()).isEqualTo(401);
        assertThat(formLogin(users.get(2).username(), "wrong password").statusCode())
                .isEqualTo(200);
        assertThat(clerk.emulator().userCount()).isZero();
        HttpResponse<String> ok = jsonLogin(grace.email(), grace.password());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"id\":" + grace.id());
        assertThat(clerkGet("/users?external_id=" + grace.id())).contains(grace.email());
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    private HttpResponse<String> formLogin(String username, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        URI base = URI.create("http://127.0.0.1:" + proxy.proxyAddress().getPort());
        String page =
                browser.send(
                                HttpRequest.newBuilder(base.resolve("/login")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).isTrue();
        String form =
                "csrfmiddlewaretoken="
                        + m.group(1)
                        + "&username="
                        + username
                        + "&password="
                        + password.replace(" ", "+");
        return browser.send(
                HttpRequest.newBuilder(base.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> jsonLogin(String email, String password) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + proxy.proxyAddress().getPort());
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/login"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"email\":\""
                                                        + email
                                                        + "\",\"password\":\""
                                                        + password
                                                        + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String clerkGet(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                                .header("Authorization", "Bearer " + clerk.secretKey())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
