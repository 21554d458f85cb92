package dev.trickle.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trickle.core.clerk.ClerkMeters;
import dev.trickle.core.migration.MigrationMeters;
import dev.trickle.core.progress.ProgressMeters;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.metrics.ServerMeters;
import dev.trickle.server.testing.LogCapture;
import java.lang.reflect.Field;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    private static final String ADMIN_TOKEN = "admin-token-for-the-end-to-end-tests";

    /** Every log line of the whole class is searched for the secrets the tests used. */
    @RegisterExtension static final LogCapture logs = new LogCapture();

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, Duration.ofSeconds(10)));

    @TempDir Path dir;
    private DemoUserStore store;
    private DemoLegacyApp legacy;
    private ProxyApplication proxy;
    private final List<DemoUser> users = DemoUserStore.demoUsers(4);

    @BeforeEach
    void start() throws Exception {
        store = DemoUserStore.create(dir.resolve("legacy.db"), 4);
        legacy = DemoLegacyApp.start(store, new InetSocketAddress("127.0.0.1", 0));
        String yaml =
                """
                listen: 127.0.0.1:0
                upstream:
                  url: http://127.0.0.1:%d
                admin:
                  listen: 127.0.0.1:0
                  token: ${ADMIN_TOKEN}
                clerk:
                  apiUrl: %s
                  secretKey: ${CLERK_SECRET_KEY}
                ledger:
                  url: jdbc:sqlite:%s
                migration:
                  loginBudget: 1s
                  retryInterval: 200ms
                  retryBackoff: 200ms
                  retryBackoffMax: 1s
                  countInterval: 1s
                legacyDatabase:
                  url: %s
                  query: >-
                    SELECT id, email, username, first_name, last_name, date_joined AS created_at,
                    password AS password_digest FROM users WHERE username = :identifier OR email = :identifier
                  countQuery: SELECT COUNT(*) FROM users
                routes:
                  - name: form-login
                    path: /login
                    credentials: {form: {identifier: username, password: password}}
                    verify: database
                    success: {status: [302], setsCookie: sessionid}
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
                                                switch (name) {
                                                    case "CLERK_SECRET_KEY" -> clerk.secretKey();
                                                    case "ADMIN_TOKEN" -> ADMIN_TOKEN;
                                                    default -> null;
                                                })
                                .parse(yaml));
        registerSecrets();
    }

    private void registerSecrets() throws Exception {
        logs.secret(clerk.secretKey());
        logs.secret(ADMIN_TOKEN);
        for (DemoUser user : users) {
            logs.secret(user.password());
        }
        try (Connection c = DriverManager.getConnection(store.jdbcUrl());
                ResultSet digests =
                        c.createStatement().executeQuery("SELECT password FROM users")) {
            while (digests.next()) {
                logs.secret(digests.getString(1));
            }
        }
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

    @Test
    void aRepeatLoginOfAMigratedUserAsksNeitherTheLegacyDatabaseNorClerk() throws Exception {
        DemoUser ada = users.get(0);
        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        int clerkCalls = clerk.requests().size();

        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        assertThat(formLogin(ada.username(), "not her password").statusCode())
                .as("the legacy app still judges the password of a migrated user")
                .isEqualTo(200);

        assertThat(clerk.requests()).hasSize(clerkCalls);
        assertThat(metric("trickle_logins_total{result=\"migrated_user\",route=\"form-login\"}"))
                .isEqualTo(2.0);
        assertThat(metric("trickle_logins_total{result=\"verified\",route=\"form-login\"}"))
                .isEqualTo(1.0);
        assertThat(metric("trickle_migrations_total{outcome=\"created\",source=\"login\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void theKillSwitchStopsInterceptionUntilItIsLifted() throws Exception {
        assertThat(admin("GET", "/migration", null).body())
                .contains("\"mode\":\"migrate\"", "\"source\":\"config\"");
        HttpResponse<String> off = admin("PUT", "/migration", "{\"mode\":\"passthrough\"}");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("\"mode\":\"passthrough\"", "\"source\":\"runtime\"");

        DemoUser ada = users.get(0);
        DemoUser grace = users.get(1);
        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        assertThat(jsonLogin(grace.email(), grace.password()).statusCode()).isEqualTo(200);
        assertThat(clerk.requests()).isEmpty();
        assertThat(metric("trickle_migration_mode{mode=\"passthrough\"}")).isEqualTo(1.0);

        assertThat(admin("DELETE", "/migration", null).body()).contains("\"source\":\"config\"");
        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
        assertThat(admin("GET", "/status", null).body())
                .contains(
                        "\"mode\" : \"migrate\"",
                        "\"routes\" : [ \"form-login\", \"json-login\" ]");
    }

    @Test
    void aClerkOutageFailsNoLoginAndTheWorkerMigratesEveryoneAfterIt() throws Exception {
        DemoUser ada = users.get(0);
        DemoUser grace = users.get(1);
        clerk.faults().outage(true);

        long started = System.nanoTime();
        assertThat(formLogin(ada.username(), ada.password()).statusCode()).isEqualTo(302);
        assertThat(jsonLogin(grace.email(), grace.password()).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("two logins, each within its 1 s budget plus margin")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(admin("GET", "/health/ready", null).statusCode())
                .as("Clerk down takes Trickle out of no load balancer: logins must go on")
                .isEqualTo(200);
        awaitStatus("\"pending\" : 2");

        clerk.faults().clear();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (clerk.emulator().userCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(clerk.emulator().userCount())
                .as("migrated by the worker, no login needed")
                .isEqualTo(2);
        String id =
                clerkGet("/users?external_id=" + ada.id())
                        .replaceAll("(?s).*?\"id\":\"(user_[A-Za-z0-9]+)\".*", "$1");
        assertThat(
                        clerkPost(
                                "/users/" + id + "/verify_password",
                                "{\"password\":\"" + ada.password() + "\"}"))
                .as("the bcrypt digest kept in memory holds her real password")
                .contains("\"verified\":true");
        assertThat(awaitStatus("\"migrated\" : 2")).contains("\"pending\" : 0");
        assertThat(logs.lines())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains(
                                                "migration deferred",
                                                "request_id=",
                                                "legacy_id=" + ada.id()))
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains(
                                                "migration created",
                                                "request_id=",
                                                "legacy_id=" + grace.id()));
    }

    @Test
    void statusReportsProgressAndCutoverReadinessFromTheLogins() throws Exception {
        DemoUser ada = users.get(0);
        DemoUser grace = users.get(1);
        formLogin(ada.username(), ada.password());
        formLogin(ada.username(), ada.password());
        jsonLogin(grace.email(), grace.password());

        String status = awaitStatus("\"inClerk\" : 2");

        assertThat(status)
                .contains(
                        "\"legacyUsers\" : 4",
                        "\"share\" : 0.5",
                        "\"1d\" : 0.3333",
                        "\"migrated\" : 2");
        assertThat(metric("trickle_cutover_readiness{window=\"1d\"}"))
                .isCloseTo(1 / 3.0, within(1e-9));
        assertThat(metric("trickle_legacy_users")).isEqualTo(4.0);
        assertThat(metric("trickle_ledger_users{state=\"migrated\"}")).isEqualTo(2.0);
        assertThat(admin("GET", "/status/history", null).body())
                .contains("\"login\" : {", "\"migrated\" : 1", "\"not_migrated\" : 2");
    }

    /** The status once the census has counted what the test expects (it counts every second). */
    private String awaitStatus(String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = admin("GET", "/status", null).body();
        while (!status.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = admin("GET", "/status", null).body();
        }
        assertThat(status).contains(expected);
        // One more count, so logins flushed with the last tick are in too.
        Thread.sleep(1200);
        return admin("GET", "/status", null).body();
    }

    @Test
    void everyMetricTheProxyExportsIsDocumentedInTheReadmeAndEveryDocumentedOneExists()
            throws Exception {
        DemoUser ada = users.get(0);
        formLogin(ada.username(), ada.password());
        formLogin(ada.username(), "wrong password");
        jsonLogin(users.get(1).email(), users.get(1).password());
        Set<String> exported =
                admin("GET", "/metrics", null)
                        .body()
                        .lines()
                        .filter(line -> line.startsWith("trickle_"))
                        .map(
                                line ->
                                        line.split("[{ ]", 2)[0].replaceAll(
                                                "_(bucket|count|sum|max)$", ""))
                        .collect(Collectors.toSet());
        String readme = Files.readString(Path.of("../README.md"));
        String table =
                readme.substring(
                        readme.indexOf("| metric | labels | meaning |"),
                        readme.indexOf("\n\n", readme.indexOf("| metric | labels | meaning |")));
        Matcher names = Pattern.compile("`(trickle_[a-z_]+)`").matcher(table);
        Set<String> documented = new HashSet<>();
        while (names.find()) {
            documented.add(names.group(1));
        }
        Set<String> defined = new HashSet<>(exported);
        for (Class<?> meters :
                List.of(
                        ClerkMeters.class,
                        MigrationMeters.class,
                        ProgressMeters.class,
                        ServerMeters.class)) {
            for (Field field : meters.getFields()) {
                if (field.get(null) instanceof String value && value.startsWith("trickle.")) {
                    defined.add(value.replace('.', '_'));
                }
            }
        }

        assertThat(documented).as("metrics documented in README").containsAll(exported);
        assertThat(documented)
                .isNotEmpty()
                .allSatisfy(
                        name ->
                                assertThat(
                                                defined.contains(name)
                                                        || defined.contains(
                                                                name.replaceAll(
                                                                        "_(total|seconds)$", "")))
                                        .as("README documents %s, a meter that exists", name)
                                        .isTrue());
    }

    @Test
    void changingTheModeTakesTheAdminTokenAndAValidBody() throws Exception {
        HttpResponse<String> anonymous =
                send(
                        HttpRequest.newBuilder(adminUri("/migration"))
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"shadow\"}")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> bad = admin("PUT", "/migration", "{\"rolloutPercent\":150}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("rolloutPercent: 150 (expected: an integer from 0 to 100)");
        assertThat(admin("GET", "/migration", null).body()).contains("\"mode\":\"migrate\"");
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(adminUri(path))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.adminAddress().getPort() + path);
    }

    private double metric(String series) throws Exception {
        String scrape = admin("GET", "/metrics", null).body();
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in the scrape"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> formLogin(String username, String password) throws Exception {
        CookieManager jar = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(jar).build();
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
        HttpResponse<String> answer =
                browser.send(
                        HttpRequest.newBuilder(base.resolve("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        jar.getCookieStore().getCookies().forEach(cookie -> logs.secret(cookie.getValue()));
        return answer;
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

    private String clerkPost(String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                                .header("Authorization", "Bearer " + clerk.secretKey())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
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
