package dev.trickle.server.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar trickle.jar serve --config FILE} as a child process, for what only a separate
 * process can show: a kill -9 in the middle of work. Always end it with {@link #close()}, which
 * kills it by its own PID.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/trickle.jar");
    private static final Pattern LISTENING =
            Pattern.compile("proxy listening on /127.0.0.1:(\\d+).*admin on /127.0.0.1:(\\d+)");

    private final Process process;
    private final int port;
    private final int adminPort;

    private ServeProcess(Process process, int[] ports) {
        this.process = process;
        this.port = ports[0];
        this.adminPort = ports[1];
    }

    public static ServeProcess start(Path config, String clerkSecretKey) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                // As the image and the systemd unit run it.
                                "-XX:+ExitOnOutOfMemoryError",
                                "-jar",
                                JAR.toString(),
                                "serve",
                                "--config",
                                config.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CLERK_SECRET_KEY", clerkSecretKey);
        Process process = builder.start();
        try {
            return new ServeProcess(process, awaitListeningPort(process));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    /** Whether the process still runs (the JVM exits on an OutOfMemoryError, as shipped). */
    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no draining, no last write. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("serve (pid " + process.pid() + ") outlived SIGKILL");
        }
    }

    private static int[] awaitListeningPort(Process process) throws IOException {
        BufferedReader stderr =
                new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String line;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline && (line = stderr.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> drain(stderr), "serve-stderr");
                drain.setDaemon(true);
                drain.start();
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            }
            seen.append(line).append('\n');
        }
        throw new IOException("serve did not start listening:\n" + lastLines(seen.toString()));
    }

    private static String lastLines(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
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

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
