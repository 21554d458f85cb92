package dev.trickle.server.cli;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.EffectiveConfig;
import dev.trickle.server.config.ProxyConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trickle serve}: runs the proxy until SIGTERM or SIGINT, then drains and exits 0. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run the proxy in front of the legacy app.")
final class ServeCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "YAML configuration file (see docs/configuration.md).")
    Path config;

    @Option(
            names = "--check-config",
            description = "Validate the configuration, print the problems if any, and exit.")
    boolean checkOnly;

    @Option(
            names = "--connect",
            description =
                    "With --check-config: also run the legacy user query once and ask Clerk for"
                            + " one user with the key (reads only).")
    boolean connect;

    @Override
    public Integer call() throws Exception {
        Optional<ProxyConfig> loaded =
                ConfigErrors.load(spec.commandLine().getErr(), config, ConfigLoader::load);
        if (loaded.isEmpty()) {
            return ExitCodes.CONFIG;
        }
        ProxyConfig proxyConfig = loaded.get();
        if (connect && !checkOnly) {
            spec.commandLine().getErr().println("trickle: --connect goes with --check-config");
            return ExitCodes.USAGE;
        }
        if (checkOnly) {
            spec.commandLine().getOut().println(config + ": ok");
            if (connect && proxyConfig.migration().isPresent()) {
                return new ConnectionCheck(spec.commandLine().getOut(), spec.commandLine().getErr())
                        .run(proxyConfig.migration().get());
            }
            return ExitCodes.OK;
        }
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        for (String line : EffectiveConfig.lines(proxyConfig)) {
            log.info("effective configuration: {}", line);
        }
        ProxyApplication app = ProxyApplication.start(proxyConfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        app.close();
                                    } finally {
                                        stopped.countDown();
                                        // A drained shutdown on SIGTERM is a success, not 143.
                                        Runtime.getRuntime().halt(ExitCodes.OK);
                                    }
                                },
                                "trickle-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
