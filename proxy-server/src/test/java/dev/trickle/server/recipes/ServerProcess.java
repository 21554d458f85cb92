package dev.trickle.server.recipes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A legacy app server a recipe test starts on an ephemeral loopback port: started, waited for until
 * a page answers (bounded), and stopped by its own PID and its children's.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final URI baseUri;

    private ServerProcess(Process process, Path log, URI baseUri) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
    }

    /**
     * Starts {@code builder} with its output in {@code log}; {@code listening} must capture the
     * port in group 1; then waits until {@code readyPath} answers {@code readyStatus}.
     */
    static ServerProcess start(
            ProcessBuilder builder, Path log, Pattern listening, String readyPath, int readyStatus)
            throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = null;
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            URI base = null;
            while (base == null) {
                Matcher m = listening.matcher(Files.readString(log));
                if (m.find()) {
                    base = URI.create("http://127.0.0.1:" + m.group(1));
                } else if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(
                            builder.command().get(0) + " did not start:\n" + Files.readString(log));
                } else {
                    Thread.sleep(50);
                }
            }
            server = new ServerProcess(process, log, base);
            server.awaitAnswer(readyPath, readyStatus, deadline);
            return server;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            if (server == null) {
                stop(process);
            } else {
                server.close();
            }
            throw e;
        }
    }

    URI baseUri() {
        return baseUri;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitAnswer(String path, int status, long deadline)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int last = 0;
        while (true) {
            try {
                last =
                        http.send(
                                        HttpRequest.newBuilder(baseUri.resolve(path))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                // Not answering yet: try again until the deadline.
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(
                        path + " did not answer " + status + " (last: " + last + "):\n" + log());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Worker processes (php -S with PHP_CLI_SERVER_WORKERS) end with their parent; these
        // only matter when it had to be killed.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
