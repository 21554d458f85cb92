package dev.trickle.server.cli;

import dev.trickle.server.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trickle demo}: the whole idea on one machine, with nothing to set up. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Start a sample legacy app with real users, put the proxy in front of it and log the"
                    + " users in through it, printing what happens and where to look."
        })
final class DemoCommand implements Callable<Integer> {
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
            names = "--users",
            defaultValue = "50",
            description = "Users in the legacy app (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--logins",
            defaultValue = "300",
            description = "Logins to drive through the proxy (default: ${DEFAULT-VALUE}).")
    int logins;

    @Option(
            names = "--exit-when-done",
            description = "Stop after the logins instead of serving until Ctrl-C.")
    boolean exitWhenDone;

    @Override
    public Integer call() throws Exception {
        return new Demo(
                        spec.commandLine().getOut(),
                        listen,
                        adminListen,
                        legacyListen,
                        users,
                        logins,
                        exitWhenDone)
                .run();
    }
}
