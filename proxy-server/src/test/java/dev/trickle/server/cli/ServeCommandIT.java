package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.TestUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as an operator runs it: real process, real signals, real exit codes. */
final class ServeCommandIT {
    private static final Path JAR = Path.of("target/trickle.jar");
    private static final Pattern LISTENING =
            Pattern.compile("proxy listening on /127.0.0.1:(\\d+)");

    @TempDir Path dir;

    @Test
    void versionAndHelpWork() throws Exception {
        Result version = run(List.of("--version"));
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("trickle ");
        Result help = run(List.of("serve", "--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--config", "--check-config");
    }

    @Test
    void badUsageExitsWithTwoAndOneLine() throws Exception {
        Result result = run(List.of("no-such-command"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertThat(result.stderr()).contains("no-such-command");
    }

    @Test
    void invalidConfigExitsNonZeroNamingEveryBadKey() throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(
                config, "listen: 127.0.0.1:99999\nupstream:\n  url: not a url\n  bogus: 1\n");
        Result result = run(List.of("serve", "--config", config.toString()));
        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.stderr())
                .contains("listen: 127.0.0.1:99999 (expected: host:port")
                .contains("upstream.url: not a URL")
                .contains("upstream.bogus: unknown key");
    }

    @Test
    void aPortInUseFailsWithOneLineAndTheConfigurationExitCode() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("taken.yml");
            Files.writeString(
                    config,
                    "listen: 127.0.0.1:"
                            + taken.getLocalPort()
                            + "\nupstream:\n  url: http://127.0.0.1:1\nadmin:\n  listen: 127.0.0.1:0\n");
            Result result = run(List.of("serve", "--config", config.toString()));
            assertThat(result.exitCode()).isEqualTo(78);
            assertThat(result.stderr()).contains("trickle: cannot listen").doesNotContain("\tat ");
            assertThat(result.stderr().lines().filter(l -> l.startsWith("trickle: "))).hasSize(1);
        }
    }

    @Test
    void checkConfigValidatesWithoutStarting() throws Exception {
        Path config = dir.resolve("ok.yml");
        Files.writeString(
                config,
                "listen: 127.0.0.1:0\nupstream:\n  url: http://127.0.0.1:1\nadmin:\n  listen: 127.0.0.1:0\n");
        Result result = run(List.of("serve", "--config", config.toString(), "--check-config"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("ok");
    }

    @Test
    void checkConfigRefusesARouteThatWouldTakeAnyAnswerForALogin() throws Exception {
        Path config = dir.resolve("no-success.yml");
        Files.writeString(
                config,
                "listen: 127.0.0.1:0\nupstream:\n  url: http://127.0.0.1:1\n"
                        + "clerk:\n  secretKey: sk_test_x\n"
                        + "routes:\n  - name: api-login\n    path: /api/login\n"
                        + "    credentials: {json: {identifier: /email, password: /password}}\n"
                        + "    verify: upstream\n    identity: {json: {id: /user/id}}\n");
        Result result = run(List.of("serve", "--config", config.toString(), "--check-config"));
        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.stderr()).contains("routes[0].success: missing");
        assertThat(result.stdout()).doesNotContain("ok");
    }

    @Test
    void sigtermLetsTheInFlightRequestFinishThenExitsZero() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            Path config = dir.resolve("trickle.yml");
            Files.writeString(
                    config,
                    "listen: 127.0.0.1:0\nupstream:\n  url: "
                            + upstream.url()
                            + "\nadmin:\n  listen: 127.0.0.1:0\nshutdownTimeout: 10s\n");
            Process process =
                    new ProcessBuilder(
                                    java(),
                                    "-jar",
                                    JAR.toString(),
                                    "serve",
                                    "--config",
                                    config.toString())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            try {
                int port = awaitListeningPort(process);
                CompletableFuture<HttpResponse<String>> inFlight =
                        HttpClient.newHttpClient()
                                .sendAsync(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/slow?ms=1500"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                assertThat(upstream.takeRequest().uri()).isEqualTo("/slow?ms=1500");

                process.destroy(); // SIGTERM

                assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static int awaitListeningPort(Process process) throws IOException {
        BufferedReader stderr =
                new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = stderr.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> drain(stderr));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the proxy exited before listening");
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // keep the pipe empty so the child never blocks on logging
            }
        } catch (IOException e) {
            // the child exited
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Result run(List<String> args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out =
                CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> err =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out.get(), err.get());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
