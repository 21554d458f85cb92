package dev.trickle.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import dev.trickle.core.ledger.ClaimResult;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin dashboard in a real headless Chromium (Debian's, driven by Playwright), over a proxy
 * that has migrated users, met a conflict and counted logins; the ledger also carries two weeks of
 * hourly counters from before the start, so the charts have a shape over days. The screenshot is
 * kept as {@code target/dashboard-it/dashboard.png}.
 */
final class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOT = Path.of("target", "dashboard-it", "dashboard.png");
    private static final Path HOURLY_SCREENSHOT =
            Path.of("target", "dashboard-it", "dashboard-by-hour.png");
    private static final Pattern CSRF =
            Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([0-9a-f]+)\"");
    private static final String ADMIN_TOKEN = "dashboard-admin-token-for-tests";
    private static final String MARKUP_REASON = "<img src=x onerror=alert(1)>";
    private static final int SEEDED_DAYS = 12;
    private static final int LOGINS_PER_DAY = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Background networking, component updates and sync stay off: this machine's network is closed,
     * and Chromium would keep trying it. Playwright gives each launch a fresh profile directory of
     * its own (--user-data-dir).
     */
    private static final List<String> CHROMIUM_FLAGS =
            List.of(
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync");

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, Duration.ofSeconds(10)));

    @TempDir Path dir;
    private DemoLegacyApp legacy;
    private ProxyApplication proxy;
    private final List<DemoUser> users = DemoUserStore.demoUsers(6);
    private final Map<String, Long> seededOutcomes = new HashMap<>();

    @BeforeAll
    static void chromiumIsInstalled() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(
                    "Debian's Chromium is missing at "
                            + CHROMIUM
                            + ": run .ci/services.sh, which installs it");
        }
    }

    @BeforeEach
    void start() throws Exception {
        DemoUserStore store = DemoUserStore.create(dir.resolve("legacy.db"), users.size());
        legacy = DemoLegacyApp.start(store, new InetSocketAddress("127.0.0.1", 0));
        Path ledgerFile = dir.resolve("ledger.db");
        seedLedger(ledgerFile);
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
                  onConflict: skip
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
                """
                        .formatted(
                                legacy.address().getPort(),
                                clerk.baseUri(),
                                ledgerFile,
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
    }

    /**
     * Two weeks before today: 40 logins a day whose share by migrated users climbs 5 points a day
     * from 20 %, and a few outcomes each day; plus one conflict row whose reason is markup, which
     * the page must show as text.
     */
    private void seedLedger(Path file) {
        try (Ledger ledger = Ledger.open(LedgerSettings.ofUrl("jdbc:sqlite:" + file), clock())) {
            Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
            for (int back = SEEDED_DAYS; back >= 1; back--) {
                Instant at = today.minus(Duration.ofDays(back)).plus(Duration.ofHours(10));
                long migrated = Math.round(LOGINS_PER_DAY * seededShare(back));
                ledger.counters().recordLogins(at, migrated, LOGINS_PER_DAY - migrated);
                seedOutcomes(ledger, at, MigrationState.MIGRATED, "created", 2 + back % 3);
                seedOutcomes(ledger, at, MigrationState.LINKED, "linked", back % 2);
                seedOutcomes(
                        ledger, at, MigrationState.CONFLICT, "conflict", back % 4 == 0 ? 1 : 0);
                seedOutcomes(ledger, at, MigrationState.FAILED, "failed", back % 5 == 0 ? 1 : 0);
            }
            ClaimResult claim =
                    ledger.rows()
                            .claim(
                                    "seeded-markup",
                                    "mallory@example.com",
                                    MigrationSource.LOGIN,
                                    "seed",
                                    Duration.ofMinutes(1));
            assertThat(claim).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(ledger.rows().markConflict("seeded-markup", "seed", MARKUP_REASON)).isTrue();
        }
    }

    private static Clock clock() {
        return Clock.systemUTC();
    }

    private static double seededShare(int back) {
        return 0.2 + 0.05 * (SEEDED_DAYS - back);
    }

    private void seedOutcomes(
            Ledger ledger, Instant at, MigrationState state, String series, int times) {
        for (int i = 0; i < times; i++) {
            ledger.counters().recordOutcome(at, state, MigrationSource.LOGIN);
        }
        seededOutcomes.merge(series, (long) times, Long::sum);
    }

    @AfterEach
    void stop() {
        proxy.close();
        legacy.close();
    }

    @Test
    void theDashboardDrawsTheMigrationFromStatusAndHistory() throws Exception {
        DemoUser ada = users.get(0);
        DemoUser grace = users.get(1);
        DemoUser alan = users.get(2);
        clerkPost(
                "/users",
                "{\"email_address\":[\""
                        + alan.email()
                        + "\"],\"skip_password_requirement\":true}");
        assertThat(formLogin(ada.username(), ada.password())).isEqualTo(302);
        assertThat(formLogin(grace.username(), grace.password())).isEqualTo(302);
        assertThat(formLogin(ada.username(), ada.password())).isEqualTo(302);
        assertThat(formLogin(alan.username(), alan.password())).isEqualTo(302);
        assertThat(formLogin(grace.username(), "not her password")).isEqualTo(200);

        JsonNode status = awaitStatus();
        JsonNode history = adminJson("/status/history");
        assertThat(status.at("/cutoverReadiness/forecast95").isTextual())
                .as("the seeded trend makes the 95 %% date predictable: %s", status)
                .isTrue();

        try (Playwright playwright = Playwright.create(offline());
                Browser browser = playwright.chromium().launch(chromium())) {
            assertThat(refusedLoad(browser, new Browser.NewContextOptions()))
                    .as("the Basic challenge makes the browser ask for credentials it lacks")
                    .contains("ERR_INVALID_AUTH_CREDENTIALS");
            assertThat(
                            refusedLoad(
                                    browser,
                                    new Browser.NewContextOptions()
                                            .setHttpCredentials("operator", "wrong")))
                    .as("a wrong token is tried once and refused")
                    .isEqualTo("HTTP 401: Admin token required\n");

            BrowserContext context =
                    browser.newContext(
                            new Browser.NewContextOptions()
                                    .setHttpCredentials("operator", ADMIN_TOKEN)
                                    .setViewportSize(1280, 1000));
            Page page = context.newPage();
            List<String> errors = new ArrayList<>();
            page.onConsoleMessage(
                    message -> {
                        if (message.type().equals("error") || message.type().equals("warning")) {
                            errors.add(message.type() + ": " + message.text());
                        }
                    });
            page.onPageError(error -> errors.add("page error: " + error));
            page.clock().install();

            Response response = page.navigate(adminUri("/").toString());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().get("content-security-policy"))
                    .startsWith("default-src 'none'");
            page.waitForFunction(
                    "() => document.getElementById('updated').textContent.startsWith('Updated')");

            assertProgress(page, status);
            assertRateChart(page);
            assertReadinessChart(page, history);
            assertCards(page, status);
            assertProblems(page, status);

            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT).setFullPage(true));

            page.waitForRequest("**/status", () -> page.clock().runFor(15_000));
            page.locator("#by-hour").click();
            assertThat(page.locator("#by-hour").getAttribute("aria-pressed")).isEqualTo("true");
            List<String> hourBuckets = bucketsOf(page, "#rate-chart rect.bar");
            String yesterdayAtTen =
                    Instant.now()
                            .truncatedTo(ChronoUnit.DAYS)
                            .minus(Duration.ofHours(14))
                            .toString()
                            .replace("Z", ".000Z");
            assertThat(hourBuckets)
                    .as("yesterday's seeded outcomes and today's, by hour")
                    .contains(yesterdayAtTen)
                    .allMatch(b -> b.matches(".*T\\d\\d:00:00\\.000Z"))
                    .anyMatch(b -> b.startsWith(Instant.now().toString().substring(0, 10)));
            assertThat(page.locator("#rate-chart text.axis").allTextContents())
                    .anyMatch(label -> label.endsWith(":00"));
            page.screenshot(new Page.ScreenshotOptions().setPath(HOURLY_SCREENSHOT));

            assertThat(errors).as("console errors and warnings").isEmpty();
            context.close();
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    private static void assertProgress(Page page, JsonNode status) {
        double share = status.at("/progress/share").asDouble();
        assertThat(page.textContent("#progress-share")).isEqualTo(percentText(share));
        assertThat(page.textContent("#progress-counts"))
                .isEqualTo(
                        status.at("/progress/inClerk").asLong()
                                + " of "
                                + status.at("/progress/legacyUsers").asLong()
                                + " legacy users");
        assertThat(Double.parseDouble(page.getAttribute("#progress-fill", "width")))
                .isCloseTo(share * 100, org.assertj.core.api.Assertions.within(0.01));
    }

    private static String percentText(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** Seeded outcomes plus today's real ones: two created, one conflict. */
    private void assertRateChart(Page page) {
        Map<String, Long> expected = new HashMap<>(seededOutcomes);
        expected.merge("created", 2L, Long::sum);
        expected.merge("conflict", 1L, Long::sum);
        expected.putIfAbsent("linked", 0L);
        expected.putIfAbsent("failed", 0L);
        @SuppressWarnings("unchecked")
        List<List<Object>> bars =
                (List<List<Object>>)
                        page.evalOnSelectorAll(
                                "#rate-chart rect.bar",
                                "bars => bars.map(b => [b.dataset.series,"
                                        + " Number(b.dataset.count), b.dataset.bucket,"
                                        + " Number(b.getAttribute('height'))])");
        Map<String, Long> drawn = new HashMap<>();
        for (List<Object> bar : bars) {
            drawn.merge((String) bar.get(0), ((Number) bar.get(1)).longValue(), Long::sum);
            assertThat(((Number) bar.get(3)).doubleValue()).as("bar height").isPositive();
        }
        expected.values().removeIf(n -> n == 0);
        assertThat(drawn).isEqualTo(expected);
        assertThat(bars.stream().map(b -> b.get(2)).distinct().count())
                .as("days with bars")
                .isEqualTo(SEEDED_DAYS + 1);
        for (String series : expected.keySet()) {
            assertThat(
                            page.getAttribute(
                                    "#rate-legend li[data-series=" + series + "]", "data-total"))
                    .isEqualTo(String.valueOf(expected.get(series)));
        }
    }

    /** One point per day with logins: the seeded days at their shares, then today's. */
    private static void assertReadinessChart(Page page, JsonNode history) {
        @SuppressWarnings("unchecked")
        List<List<Object>> points =
                (List<List<Object>>)
                        page.evalOnSelectorAll(
                                "#readiness-chart circle.point",
                                "ps => ps.map(p => [p.dataset.bucket, Number(p.dataset.share),"
                                        + " Number(p.dataset.logins)])");
        assertThat(points).hasSize(SEEDED_DAYS + 1);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        for (int back = SEEDED_DAYS; back >= 1; back--) {
            List<Object> point = points.get(SEEDED_DAYS - back);
            assertThat(point.get(0))
                    .isEqualTo(today.minus(Duration.ofDays(back)).toString().substring(0, 10));
            assertThat(((Number) point.get(1)).doubleValue())
                    .isCloseTo(
                            Math.round(LOGINS_PER_DAY * seededShare(back))
                                    / (double) LOGINS_PER_DAY,
                            org.assertj.core.api.Assertions.within(1e-4));
            assertThat(((Number) point.get(2)).intValue()).isEqualTo(LOGINS_PER_DAY);
        }
        long todayLogins = 0;
        for (JsonNode hour : history.path("hours")) {
            if (hour.path("start").asText().startsWith(today.toString().substring(0, 10))) {
                todayLogins +=
                        hour.at("/login/migrated").asLong()
                                + hour.at("/login/not_migrated").asLong();
            }
        }
        assertThat(((Number) points.get(SEEDED_DAYS).get(2)).longValue()).isEqualTo(todayLogins);
        assertThat(page.getAttribute("#readiness-chart path.line", "d"))
                .matches("M[0-9.]+ [0-9.]+( L[0-9.]+ [0-9.]+){" + SEEDED_DAYS + "}");
        assertThat(page.locator("#readiness-chart line.target").count()).isEqualTo(1);
    }

    private static void assertCards(Page page, JsonNode status) {
        Instant forecast = Instant.parse(status.at("/cutoverReadiness/forecast95").asText());
        Instant counted = Instant.parse(status.at("/ledger/countedAt").asText());
        assertThat(page.textContent("#forecast"))
                .isEqualTo(
                        forecast.isAfter(counted)
                                ? forecast.atZone(ZoneOffset.UTC).toLocalDate().toString()
                                : "reached");
        assertThat(page.textContent("#forecast-note"))
                .startsWith(forecast.isAfter(counted) ? "In about " : "The last full day");
        assertThat(page.textContent("#readiness"))
                .isEqualTo(
                        "Logins by users in Clerk: "
                                + percentText(status.at("/cutoverReadiness/1d").asDouble())
                                + " over the last day, "
                                + percentText(status.at("/cutoverReadiness/7d").asDouble())
                                + " over 7 days, "
                                + percentText(status.at("/cutoverReadiness/30d").asDouble())
                                + " over 30 days.");
        assertThat(page.textContent("#mode")).isEqualTo("migrate");
        assertThat(page.textContent("#rollout"))
                .isEqualTo("rollout 100 %, allow 0, deny 0, from the configuration");
        assertThat(page.textContent("#clerk")).isEqualTo("key accepted");
        assertThat(page.textContent("#backlog"))
                .isEqualTo(
                        "Deferred: "
                                + status.path("deferredInMemory").asLong()
                                + " in memory, "
                                + status.at("/ledger/users/pending").asLong()
                                + " pending in the ledger");
        assertThat(page.textContent("#routes")).isEqualTo("form-login");
    }

    /** The real conflict's reason and the seeded one, shown as text: no element is made of it. */
    private static void assertProblems(Page page, JsonNode status) {
        List<String> rows = page.locator("#problems tbody tr").allInnerTexts();
        List<String> expected = new ArrayList<>();
        for (var state : status.at("/ledger/problems").properties()) {
            for (var reason : state.getValue().properties()) {
                expected.add(
                        state.getKey()
                                + "\t"
                                + reason.getKey()
                                + "\t"
                                + reason.getValue().asLong());
            }
        }
        assertThat(expected).hasSize(2).anyMatch(row -> row.contains(MARKUP_REASON));
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(page.locator("#problems img").count()).isZero();
    }

    private static List<String> bucketsOf(Page page, String selector) {
        @SuppressWarnings("unchecked")
        List<String> buckets =
                (List<String>)
                        page.evalOnSelectorAll(selector, "els => els.map(e => e.dataset.bucket)");
        return buckets;
    }

    /**
     * What the browser got instead of the page: Chromium gives up on a Basic challenge it has no
     * credentials for, and shows the 401 when the ones it sent were refused.
     */
    private String refusedLoad(Browser browser, Browser.NewContextOptions options) {
        try (BrowserContext context = browser.newContext(options)) {
            Response response;
            try {
                response = context.newPage().navigate(adminUri("/").toString());
            } catch (PlaywrightException e) {
                return e.getMessage();
            }
            return "HTTP " + response.status() + ": " + response.text();
        }
    }

    private static Playwright.CreateOptions offline() {
        return new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
    }

    private static BrowserType.LaunchOptions chromium() {
        return new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(CHROMIUM_FLAGS);
    }

    /** The status once the census has counted both migrations and the conflict. */
    private JsonNode awaitStatus() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode status = adminJson("/status");
        while (!(status.at("/progress/inClerk").asLong() == 2
                        && status.at("/ledger/users/conflict").asLong() == 2
                        && todayOutcomes(adminJson("/status/history")) == 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = adminJson("/status");
        }
        // One more count, so logins flushed with the last tick are in too.
        Thread.sleep(1200);
        return adminJson("/status");
    }

    private static long todayOutcomes(JsonNode history) {
        String today = Instant.now().toString().substring(0, 10);
        long n = 0;
        for (JsonNode hour : history.path("hours")) {
            if (hour.path("start").asText().startsWith(today)) {
                for (JsonNode count : hour.path("outcome")) {
                    n += count.asLong();
                }
            }
        }
        return n;
    }

    private JsonNode adminJson(String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(adminUri(path))
                                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.adminAddress().getPort() + path);
    }

    private int formLogin(String username, String password) throws Exception {
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
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void clerkPost(String path, String body) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                                        .header("Authorization", "Bearer " + clerk.secretKey())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }
}
