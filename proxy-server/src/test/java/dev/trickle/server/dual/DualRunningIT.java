package dev.trickle.server.dual;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.testing.ClerkAdmin;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both systems live for weeks: a sign-up, a password change and a completed password reset done
 * through the legacy app reach Clerk too, exactly once, through serve over real sockets.
 */
final class DualRunningIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private final ClerkAdmin clerkAdmin = new ClerkAdmin(clerk);

    @TempDir Path dir;
    private AccountsApp app;
    private ProxyApplication proxy;

    @BeforeEach
    void startApp() throws Exception {
        app = new AccountsApp(dir.resolve("legacy.db"));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        app.close();
    }

    @Test
    void aSignUpThroughTheLegacyAppCreatesTheUserInClerkOnceWithAnUnverifiedAddressReserved()
            throws Exception {
        start("respect");
        HttpClient browser = browser();

        assertThat(
                        post(
                                        browser,
                                        "/api/signup",
                                        "{\"email\":\"new@example.com\",\"password\":\"fresh-start-1\",\"first_name\":\"Nia\"}")
                                .statusCode())
                .isEqualTo(201);
        assertThat(
                        post(
                                        browser(),
                                        "/api/login",
                                        "{\"email\":\"new@example.com\",\"password\":\"fresh-start-1\"}")
                                .statusCode())
                .isEqualTo(200);
        assertThat(
                        post(
                                        browser(),
                                        "/api/signup",
                                        "{\"email\":\"new@example.com\",\"password\":\"fresh-start-1\"}")
                                .statusCode())
                .as("a refused second sign-up moves nobody")
                .isEqualTo(422);

        JsonNode user = onlyClerkUser();
        assertThat(user.get("first_name").asText()).isEqualTo("Nia");
        assertThat(user.get("email_addresses").get(0).get("reserved").asBoolean())
                .as("the legacy app never verified it, so Clerk does not either")
                .isTrue();
        assertThat(verifies(user, "fresh-start-1")).isTrue();
    }

    @Test
    void aPasswordChangeReachesAMigratedUserAndMigratesOneWhoWasNot() throws Exception {
        start("respect");
        long ada = app.seed("ada@example.com", "Ada", "old-password-1");
        long bob = app.seed("bob@example.com", "Bob", "bobs-old-pass");
        HttpClient adaBrowser = browser();
        post(
                adaBrowser,
                "/api/login",
                "{\"email\":\"ada@example.com\",\"password\":\"old-password-1\"}");
        assertThat(verifies(clerkUser(ada), "old-password-1")).isTrue();

        assertThat(
                        post(
                                        adaBrowser,
                                        "/api/password",
                                        "{\"current_password\":\"old-password-1\",\"new_password\":\"new-password-2\"}")
                                .statusCode())
                .isEqualTo(200);
        assertThat(
                        post(
                                        adaBrowser,
                                        "/api/password",
                                        "{\"current_password\":\"wrong\",\"new_password\":\"ignored-pass\"}")
                                .statusCode())
                .as("a change the app refuses changes nothing")
                .isEqualTo(403);

        assertThat(verifies(clerkUser(ada), "new-password-2")).isTrue();
        assertThat(verifies(clerkUser(ada), "old-password-1")).isFalse();

        // Bob's session was opened before Trickle moved anyone: sign in on the app directly.
        HttpClient bobBrowser = browser();
        bobBrowser.send(
                HttpRequest.newBuilder(URI.create(app.url() + "/api/login"))
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"bob@example.com\",\"password\":\"bobs-old-pass\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
        assertThat(
                        post(
                                        bobBrowser,
                                        "/api/password",
                                        "{\"current_password\":\"bobs-old-pass\",\"new_password\":\"bobs-new-pass\"}")
                                .statusCode())
                .isEqualTo(200);

        assertThat(verifies(clerkUser(bob), "bobs-new-pass")).isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(2);
    }

    @Test
    void aCompletedResetReachesClerkAndAClerkOutageLeavesItForTheNextLogin() throws Exception {
        start("respect");
        long cy = app.seed("cy@example.com", "Cy", "forgotten-pass");
        post(
                browser(),
                "/api/login",
                "{\"email\":\"cy@example.com\",\"password\":\"forgotten-pass\"}");

        assertThat(reset("cy@example.com", "remembered-1").statusCode()).isEqualTo(200);
        assertThat(verifies(clerkUser(cy), "remembered-1")).isTrue();

        clerk.faults().outage(true);
        assertThat(reset("cy@example.com", "remembered-2").statusCode())
                .as("Clerk down: the reset still goes through")
                .isEqualTo(200);
        clerk.faults().clear();
        assertThat(verifies(clerkUser(cy), "remembered-2")).isFalse();

        assertThat(
                        post(
                                        browser(),
                                        "/api/login",
                                        "{\"email\":\"cy@example.com\",\"password\":\"remembered-2\"}")
                                .statusCode())
                .isEqualTo(200);
        assertThat(verifies(clerkUser(cy), "remembered-2"))
                .as("the next login carried the new password to Clerk")
                .isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void aUserDeletedInClerkIsNotCreatedAgainUnderRespectButIsUnderRecreate() throws Exception {
        start("respect");
        long dee = app.seed("dee@example.com", "Dee", "dees-password");
        post(
                browser(),
                "/api/login",
                "{\"email\":\"dee@example.com\",\"password\":\"dees-password\"}");
        clerkAdmin.delete(clerkUser(dee));

        assertThat(reset("dee@example.com", "dees-new-password").statusCode()).isEqualTo(200);
        post(
                browser(),
                "/api/login",
                "{\"email\":\"dee@example.com\",\"password\":\"dees-new-password\"}");
        assertThat(clerk.emulator().userCount()).as("respect: a tombstone, no new user").isZero();

        proxy.close();
        start("recreate");
        long eve = app.seed("eve@example.com", "Eve", "eves-password");
        post(
                browser(),
                "/api/login",
                "{\"email\":\"eve@example.com\",\"password\":\"eves-password\"}");
        clerkAdmin.delete(clerkUser(eve));
        assertThat(reset("eve@example.com", "eves-new-password").statusCode()).isEqualTo(200);

        assertThat(verifies(clerkUser(eve), "eves-new-password"))
                .as("recreate: migrated again with the password just set")
                .isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    private void start(String onDeleted) throws Exception {
        start(onDeleted, false);
    }

    private void start(String onDeleted, boolean syncProfile) throws Exception {
        String yaml =
                """
                listen: 127.0.0.1:0
                upstream:
                  url: %s
                admin:
                  listen: 127.0.0.1:0
                clerk:
                  apiUrl: %s
                  secretKey: ${CLERK_SECRET_KEY}
                ledger:
                  url: jdbc:sqlite:%s
                migration:
                  onDeletedInClerk: %s
                  syncProfile: %s
                routes:
                  - name: login
                    path: /api/login
                    credentials: {json: {identifier: /email, password: /password}}
                    verify: upstream
                    success: {status: [200]}
                    identity:
                      json: {id: /user/id, email: /user/email, emailVerified: /user/email_verified, firstName: /user/first_name}
                  - name: signup
                    kind: signup
                    path: /api/signup
                    credentials: {json: {identifier: /email, password: /password}}
                    success: {status: [201]}
                    identity:
                      json: {id: /user/id, email: /user/email, emailVerified: /user/email_verified, firstName: /user/first_name}
                  - name: password-change
                    kind: passwordChange
                    path: /api/password
                    credentials: {json: {password: /new_password}}
                    success: {status: [200]}
                    identity:
                      currentUser: {url: %s/api/me, id: /user/id, email: /user/email, firstName: /user/first_name}
                  - name: password-reset
                    kind: passwordReset
                    path: /api/password/reset
                    credentials: {json: {password: /new_password}}
                    success: {status: [200]}
                    identity:
                      json: {id: /user/id, email: /user/email, firstName: /user/first_name}
                """
                        .formatted(
                                app.url(),
                                clerk.baseUri(),
                                dir.resolve("ledger-" + onDeleted + ".db"),
                                onDeleted,
                                syncProfile,
                                app.url());
        proxy =
                ProxyApplication.start(
                        ConfigLoader.withEnvironment(
                                        name ->
                                                name.equals("CLERK_SECRET_KEY")
                                                        ? clerk.secretKey()
                                                        : null)
                                .parse(yaml));
    }

    @Test
    void withProfileSyncOnAnEmailOrNameChangedInTheLegacyAppReachesClerkOnTheNextLogin()
            throws Exception {
        start("respect", true);
        long fay = app.seed("fay@example.com", "Fay", "fays-password");
        HttpClient browser = browser();
        post(
                browser,
                "/api/login",
                "{\"email\":\"fay@example.com\",\"password\":\"fays-password\"}");
        post(
                browser,
                "/api/profile",
                "{\"email\":\"fay@new.example.com\",\"first_name\":\"Faye\"}");

        assertThat(
                        post(
                                        browser(),
                                        "/api/login",
                                        "{\"email\":\"fay@new.example.com\",\"password\":\"fays-password\"}")
                                .statusCode())
                .isEqualTo(200);

        JsonNode user =
                awaitClerk(
                        fay,
                        u ->
                                u.get("first_name").asText().equals("Faye")
                                        && primaryEmail(u).equals("fay@new.example.com"));
        assertThat(user.get("email_addresses")).hasSize(2);
        int writes = clerkWrites();
        post(
                browser(),
                "/api/login",
                "{\"email\":\"fay@new.example.com\",\"password\":\"fays-password\"}");
        Thread.sleep(300);
        assertThat(clerkWrites()).as("an unchanged profile writes nothing").isEqualTo(writes);
    }

    private JsonNode awaitClerk(long legacyId, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode user = clerkUser(legacyId);
        while (!done.test(user) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            user = clerkUser(legacyId);
        }
        assertThat(done.test(user)).as("Clerk user " + user).isTrue();
        return user;
    }

    private static String primaryEmail(JsonNode user) {
        for (JsonNode email : user.get("email_addresses")) {
            if (email.get("id").asText().equals(user.get("primary_email_address_id").asText())) {
                return email.get("email_address").asText();
            }
        }
        throw new AssertionError("no primary email in " + user);
    }

    private int clerkWrites() {
        return (int)
                clerk.requests().stream()
                        .filter(
                                c ->
                                        !c.method().equals("GET")
                                                && !c.path().endsWith("/verify_password"))
                        .count();
    }

    private HttpResponse<String> reset(String email, String newPassword) throws Exception {
        HttpClient browser = browser();
        String token =
                JSON.readTree(
                                post(
                                                browser,
                                                "/api/password/reset/request",
                                                "{\"email\":\"" + email + "\"}")
                                        .body())
                        .get("token")
                        .asText();
        return post(
                browser,
                "/api/password/reset",
                "{\"token\":\"" + token + "\",\"new_password\":\"" + newPassword + "\"}");
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private HttpResponse<String> post(HttpClient browser, String path, String json)
            throws Exception {
        return browser.send(
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + proxy.proxyAddress().getPort()
                                                + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode onlyClerkUser() throws Exception {
        JsonNode users = clerkAdmin.ok("GET", "/users?limit=10", null);
        assertThat(users).hasSize(1);
        return users.get(0);
    }

    private JsonNode clerkUser(long legacyId) throws Exception {
        return clerkAdmin.userWithExternalId(legacyId);
    }

    private boolean verifies(JsonNode user, String password) throws Exception {
        return clerkAdmin.verifies(user, password);
    }
}
