package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.testing.ClerkAdmin;
import dev.trickle.server.testing.TestUpstream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clerk instance to Clerk instance (development to production): the source instance is the old
 * system. Users are found there by email, their password checked with its verify_password, and
 * created in the target with the source user id as external_id.
 */
final class InstanceToInstanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClerkEmulatorExtension source =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, Duration.ofSeconds(10)));

    @RegisterExtension
    static final ClerkEmulatorExtension target =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    @TempDir Path dir;
    private TestUpstream app;
    private ProxyApplication proxy;

    /** Source user id by email, and each user's password. */
    private final Map<String, String> sourceIds = new HashMap<>();

    private final Map<String, String> passwords = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 5; i++) {
            String email = "member" + i + "@example.com";
            String password = "their own secret " + i;
            String status = i == 4 ? "reserved" : "verified";
            String body =
                    "{\"email_address\":[\""
                            + email
                            + "\"],"
                            + "\"email_address_identification_status\":[\""
                            + status
                            + "\"],"
                            + "\"username\":\"member"
                            + i
                            + "\",\"first_name\":\"Member\","
                            + "\"last_name\":\"Number "
                            + i
                            + "\",\"password\":\""
                            + password
                            + "\","
                            + "\"skip_password_checks\":true,"
                            + "\"created_at\":\"2024-0"
                            + (i + 1)
                            + "-15T08:00:00Z\"}";
            JsonNode created = JSON.readTree(call(source, "POST", "/users", body));
            sourceIds.put(email, created.get("id").asText());
            passwords.put(email, password);
        }
        app = TestUpstream.start();
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
                sourceClerk:
                  apiUrl: %s
                  secretKey: ${SOURCE_CLERK_SECRET_KEY}
                ledger:
                  url: jdbc:sqlite:%s
                routes:
                  - name: sign-in
                    path: /sign-in
                    credentials: {form: {identifier: email, password: password}}
                    verify: clerk
                    success: {status: [200]}
                """
                        .formatted(
                                app.url(),
                                target.baseUri(),
                                source.baseUri(),
                                dir.resolve("ledger.db"));
        proxy =
                ProxyApplication.start(
                        ConfigLoader.withEnvironment(
                                        name ->
                                                switch (name) {
                                                    case "CLERK_SECRET_KEY" -> target.secretKey();
                                                    case "SOURCE_CLERK_SECRET_KEY" ->
                                                            source.secretKey();
                                                    default -> null;
                                                })
                                .parse(yaml));
    }

    @AfterEach
    void stop() {
        proxy.close();
        app.close();
    }

    @Test
    void everySourceUserWhoSignsInIsMappedToATargetUserWithTheirPassword() throws Exception {
        assertThat(signIn("member0@example.com", "not the password").statusCode()).isEqualTo(200);
        assertThat(signIn("stranger@example.com", "whatever it is").statusCode()).isEqualTo(200);
        assertThat(target.emulator().userCount())
                .as("wrong password or unknown user: nobody moves")
                .isZero();

        for (String email : sourceIds.keySet()) {
            assertThat(signIn(email, passwords.get(email)).statusCode()).isEqualTo(200);
        }

        JsonNode users = JSON.readTree(call(target, "GET", "/users?limit=100", null));
        Set<String> mapped = new HashSet<>();
        for (JsonNode user : users) {
            String email = user.get("email_addresses").get(0).get("email_address").asText();
            assertThat(user.get("external_id").asText()).isEqualTo(sourceIds.get(email));
            mapped.add(user.get("external_id").asText());
            assertThat(user.get("first_name").asText()).isEqualTo("Member");
            assertThat(user.get("username").asText())
                    .isEqualTo(email.substring(0, email.indexOf('@')));
            assertThat(
                            call(
                                    target,
                                    "POST",
                                    "/users/" + user.get("id").asText() + "/verify_password",
                                    "{\"password\":\"" + passwords.get(email) + "\"}"))
                    .contains("\"verified\":true");
        }
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(sourceIds.values());
        JsonNode unverified =
                JSON.readTree(call(target, "GET", "/users?email_address=member4@example.com", null))
                        .get(0);
        assertThat(unverified.get("email_addresses").get(0).get("reserved").asBoolean())
                .as("an address the source never verified is not verified in the target")
                .isTrue();
        assertThat(source.requests())
                .as("the source instance is only read")
                .allSatisfy(c -> assertThat(List.of("GET", "POST")).contains(c.method()))
                .filteredOn(c -> c.method().equals("POST"))
                .allSatisfy(
                        c -> assertThat(c.path()).matches("/v1/users(/[^/]+/verify_password)?"));
    }

    private HttpResponse<String> signIn(String email, String password) throws Exception {
        String form =
                "email="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + proxy.proxyAddress().getPort()
                                                        + "/sign-in"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String call(
            ClerkEmulatorExtension clerk, String method, String path, String body)
            throws Exception {
        return new ClerkAdmin(clerk).ok(method, path, body).toString();
    }
}
