package dev.trickle.server.cli;

import dev.trickle.server.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trickle demo}: the whole idea on one machine, with nothing to set up. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Start a sample legacy app with real users, the Clerk emulator, and the proxy in front of"
                    + " the app with its two login routes; log the users in through it and watch them"
                    + " move to Clerk, printing what happens and where to look."
        })
final class DemoCommand implements Callable<Integer> {
    private static final int MIN_USERS = 10;
    private static final int MAX_USERS = 10_000;
    private static final int MAX_LOGINS = 100_000;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--listen",
            defaultValue = "127.0.0.1:8080",
            description = "Proxy address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(
            names = "--admin-listen",
            defaultValue = "127.0.0.1:9090",
            description = "Admin address (default: ${DEFAULT-VALUE}).")
    String adminListen;

    @Option(
            names = "--legacy-listen",
            defaultValue = "127.0.0.1:8001",
            description = "Sample legacy app address (default: ${DEFAULT-VALUE}).")
    String legacyListen;

    @Option(
            names = "--clerk-listen",
            defaultValue = "127.0.0.1:4011",
            description = "Clerk emulator address (default: ${DEFAULT-VALUE}).")
    String clerkListen;

    @Option(
            names = "--users",
            defaultValue = "50",
            description = "Users in the legacy app, 10 to 10000 (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--logins",
            defaultValue = "150",
            description =
                    "Logins to drive through the proxy, at most 100000 (default: ${DEFAULT-VALUE}).")
    int logins;

    @Option(
            names = "--exit-when-done",
            description = "Stop after the logins instead of serving until Ctrl-C.")
    boolean exitWhenDone;

    @Override
    public Integer call() throws Exception {
        if (users < MIN_USERS || users > MAX_USERS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--users: " + users + " (expected: " + MIN_USERS + " to " + MAX_USERS + ")");
        }
        if (logins < 0 || logins > MAX_LOGINS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--logins: " + logins + " (expected: 0 to " + MAX_LOGINS + ")");
        }
        return new Demo(
                        spec.commandLine().getOut(),
                        listen,
                        adminListen,
                        legacyListen,
                        clerkListen,
                        users,
                        logins,
                        exitWhenDone)
                .run();
    }
}
