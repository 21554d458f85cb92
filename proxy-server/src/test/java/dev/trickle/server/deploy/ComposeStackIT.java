package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack without Docker: its legacy service's command run as a process, the Clerk
 * emulator as its clerk service configures it, Trickle loaded from its trickle.yml with its
 * environment, and its traffic script logging users in. Then every metric the Grafana dashboard and
 * the alert rules (and their promtool tests) name must be in what Trickle exposes.
 */
final class ComposeStackIT {
    private static final Pattern LEGACY_URL =
            Pattern.compile("Legacy app\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HOST_PORT =
            Pattern.compile("(?:0\\.0\\.0\\.0|127\\.0\\.0\\.1):\\d+");
    private static final ComposeStack STACK = new ComposeStack();
    private static final List<String> CLERK_ARGS = STACK.trickleArguments("clerk");

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .instance(
                                    ClerkEmulator.Instance.valueOf(
                                            ComposeStack.argument(CLERK_ARGS, "--instance")
                                                    .toUpperCase(Locale.ROOT)))
                            .secretKeys(List.of(ComposeStack.argument(CLERK_ARGS, "--secret-key")))
                            // A quota mostly used up by other clients of the same instance, so
                            // Clerk's own 429s (with Retry-After) come within the test's logins.
                            .rateLimit(10, Duration.ofSeconds(10)));

    @TempDir Path dir;
    private Process legacy;
    private ProxyApplication trickle;
    private Map<String, String> env;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startTheStack() throws Exception {
        Path jar = Path.of("target", STACK.jar("legacy")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
        for (String arg : STACK.trickleArguments("legacy")) {
            // Every address of the service on loopback with a free port.
            command.add(HOST_PORT.matcher(arg).matches() ? "127.0.0.1:0" : arg);
        }
        legacy = new ProcessBuilder(command).redirectErrorStream(true).start();
        int legacyPort = legacyPort(legacy);

        env = new HashMap<>(STACK.environment("trickle"));
        env.put("TRICKLE_LISTEN", "127.0.0.1:0");
        env.put("TRICKLE_ADMIN_LISTEN", "127.0.0.1:0");
        env.put("TRICKLE_LEDGER_URL", "jdbc:sqlite:" + dir.resolve("trickle-ledger.db"));
        env.put("LEGACY_URL", "http://127.0.0.1:" + legacyPort);
        env.put("CLERK_API_URL", clerk.baseUri().toString());
        trickle =
                ProxyApplication.start(
                        ConfigLoader.withEnvironment(env::get)
                                .load(ComposeStack.DIR.resolve("trickle.yml")));
    }

    @AfterEach
    void stopTheStack() throws Exception {
        if (trickle != null) {
            trickle.close();
        }
        if (legacy != null) {
            legacy.destroy();
            if (!legacy.waitFor(20, TimeUnit.SECONDS)) {
                legacy.destroyForcibly();
            }
        }
    }

    @Test
    void theTrafficScriptMovesUsersAndEveryMetricTheDashboardAndAlertsUseIsExposed()
            throws Exception {
        // More new users in two seconds than the quota takes: the first move, then Clerk's 429s.
        String logins = traffic(20);
        assertThat(logins).contains(": 200");
        assertThat(clerk.emulator().userCount()).isPositive();
        assertThat(metric("trickle_logins_total{result=\"verified\",route=\"api-login\"}"))
                .isPositive();
        assertThat(metric("trickle_migrations_total{outcome=\"created\",source=\"login\"}"))
                .isPositive();

        // Clerk failing brings out the retry and limiter meters; logins go on all the while.
        // Bounded: at most 12 rounds of 5 logins.
        clerk.faults().errorRate(1.0, 503);
        Set<String> overload =
                Set.of(
                        "trickle_clerk_retries_total",
                        "trickle_clerk_rate_limited_total",
                        "trickle_clerk_limiter_rejected_total");
        for (int round = 0;
                round < 12 && !MetricNames.inScrape(admin("/metrics")).containsAll(overload);
                round++) {
            assertThat(traffic(5)).as("logins go on while Clerk fails").contains(": 200");
        }
        clerk.faults().clear();

        Set<String> exposed = MetricNames.inScrape(admin("/metrics"));
        Set<String> dashboard =
                MetricNames.inDashboard(
                        DeployFiles.json(DeployFiles.deploy("grafana/trickle-dashboard.json")));
        Set<String> rules =
                MetricNames.inRules(
                        DeployFiles.yaml(DeployFiles.deploy("prometheus/trickle-alerts.yml")));
        Set<String> ruleTests =
                MetricNames.inRuleTests(
                        DeployFiles.yaml(DeployFiles.deploy("prometheus/trickle-alerts.test.yml")));
        assertThat(dashboard).hasSizeGreaterThan(20);
        assertThat(rules).hasSizeGreaterThan(8);
        assertThat(exposed).as("the dashboard's metrics").containsAll(dashboard);
        assertThat(exposed).as("the alert rules' metrics").containsAll(rules);
        assertThat(exposed).as("the series the promtool tests feed").containsAll(ruleTests);

        String scrape = admin("/metrics");
        assertThat(MetricNames.withoutHelp(scrape)).as("metric families without HELP").isEmpty();
        assertThat(MetricNames.mostBucketsPerSeries(scrape))
                .as("buckets of the largest histogram series")
                .isBetween(5, 16);
        assertThat(scrape).containsPattern("trickle_build_info\\{[^}]*version=\"[^\"]+\"");
    }

    /** Runs deploy/compose/traffic.sh for {@code rounds} logins, as its container would. */
    private String traffic(int rounds) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder("/bin/sh", ComposeStack.DIR.resolve("traffic.sh").toString())
                        .redirectErrorStream(true);
        builder.environment()
                .put("TRICKLE_URL", "http://127.0.0.1:" + trickle.proxyAddress().getPort());
        builder.environment().put("PAUSE_SECONDS", "0");
        builder.environment().put("ROUNDS", String.valueOf(rounds));
        Process process = builder.start();
        try {
            CompletableFuture<String> output = readAll(process);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("traffic.sh finished").isTrue();
            assertThat(process.exitValue()).isZero();
            return output.get(5, TimeUnit.SECONDS);
        } finally {
            process.destroyForcibly();
        }
    }

    /** On its own thread: a read that blocks for the process's life must not hold a pool. */
    private static CompletableFuture<String> readAll(Process process) {
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                output.complete(
                                        new String(
                                                process.getInputStream().readAllBytes(),
                                                StandardCharsets.UTF_8));
                            } catch (IOException e) {
                                output.complete("unreadable: " + e.getMessage());
                            }
                        },
                        "compose-output-reader");
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    /** Reads the demo's narration until it names the legacy app's address. */
    private static int legacyPort(Process legacy) throws Exception {
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(legacy.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port =
                CompletableFuture.supplyAsync(
                        () -> {
                            StringBuilder seen = new StringBuilder();
                            try {
                                for (String line = out.readLine();
                                        line != null;
                                        line = out.readLine()) {
                                    Matcher m = LEGACY_URL.matcher(line);
                                    if (m.find()) {
                                        drain(out);
                                        return Integer.parseInt(m.group(1));
                                    }
                                    seen.append(line).append('\n');
                                }
                            } catch (IOException e) {
                                seen.append(e);
                            }
                            throw new AssertionError(
                                    "the legacy service never said where it listens:\n" + seen);
                        });
        return port.get(90, TimeUnit.SECONDS);
    }

    /** Keeps reading the demo's output so it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                while (out.readLine() != null) {
                                    // The narration is not needed past the address.
                                }
                            } catch (IOException e) {
                                // The process ended.
                            }
                        },
                        "compose-legacy-output");
        reader.setDaemon(true);
        reader.start();
    }

    private double metric(String series) throws Exception {
        return admin("/metrics")
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    private String admin(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + trickle.adminAddress().getPort() + path);
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + env.get("TRICKLE_ADMIN_TOKEN"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
