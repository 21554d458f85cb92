package dev.trickle.server.cli;

import dev.trickle.server.emulator.ClerkEmulator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trickle clerk-emulator}: a local stand-in for Clerk's Backend API. */
@Command(
        name = "clerk-emulator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Serve the part of Clerk's Backend API a migration uses, in memory, validated against"
                    + " Clerk's OpenAPI spec, with Clerk's rate limits. See docs/clerk-emulator.md."
        })
final class ClerkEmulatorCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--listen",
            defaultValue = "127.0.0.1:4011",
            description = "Address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(
            names = "--secret-key",
            paramLabel = "KEY",
            description =
                    "Accepted secret key (repeatable). Without it any well-formed sk_test_/sk_live_ key is accepted.")
    List<String> secretKeys = new ArrayList<>();

    @Option(
            names = "--instance",
            defaultValue = "development",
            description =
                    "development (100 requests/10 s, 100 users) or production (1000 requests/10 s) (default: ${DEFAULT-VALUE}).")
    String instance;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "Keep users in this JSON file across restarts.")
    Path state;

    @Option(
            names = "--max-users",
            description = "User cap (default: 100 on development, none on production).")
    Integer maxUsers;

    @Option(
            names = "--rate-limit",
            paramLabel = "N",
            description = "Requests per 10 s per key (default: the instance's).")
    Integer rateLimit;

    @Option(
            names = "--latency",
            paramLabel = "MS",
            defaultValue = "0",
            description = "Added latency per request in ms (default: ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Option(
            names = "--error-rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Share of requests answered 503, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Override
    public Integer call() throws Exception {
        ClerkEmulator.Instance kind;
        try {
            kind = ClerkEmulator.Instance.valueOf(instance.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--instance: " + instance + " (expected: development or production)");
        }
        String[] hostPort = listen.split(":(?=[0-9]+$)");
        if (hostPort.length != 2) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--listen: " + listen + " (expected: host:port)");
        }
        ClerkEmulator.Builder builder =
                ClerkEmulator.builder().instance(kind).secretKeys(secretKeys);
        if (state != null) {
            builder.stateFile(state);
        }
        if (maxUsers != null) {
            builder.maxUsers(maxUsers);
        }
        if (rateLimit != null) {
            builder.rateLimit(rateLimit, Duration.ofSeconds(10));
        }
        ClerkEmulator emulator =
                builder.start(
                        new InetSocketAddress(
                                hostPort[0].replace("[", "").replace("]", ""),
                                Integer.parseInt(hostPort[1])));
        emulator.faults().latency(Duration.ofMillis(latencyMillis)).errorRate(errorRate, 503);
        spec.commandLine()
                .getOut()
                .println(
                        "Clerk emulator ("
                                + kind.name().toLowerCase(Locale.ROOT)
                                + ") at "
                                + emulator.baseUri());
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    emulator.close();
                                    stopped.countDown();
                                },
                                "clerk-emulator-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
