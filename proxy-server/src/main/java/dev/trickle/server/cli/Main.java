package dev.trickle.server.cli;

import io.netty.util.ResourceLeakDetector;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code trickle.jar}: one picocli command per operator task. The demo and the Clerk
 * emulator, with the OpenAPI validator the emulator needs, ship only in {@code trickle-demo.jar}:
 * the production jar runs nothing production does not.
 */
@Command(
        name = "trickle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Trickle-migration authentication proxy: moves legacy users to Clerk as they log in.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ServeCommand.class,
            HashCommand.class,
            ImportCommand.class,
            ExportMappingCommand.class,
            RollbackCommand.class,
            ReconcileCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Optional<String> badFormat = LogFormat.apply(System.getenv(LogFormat.VARIABLE));
        if (badFormat.isPresent()) {
            System.err.println("trickle: " + badFormat.get());
            System.exit(ExitCodes.CONFIG);
        }
        quietLeakDetection();
        System.exit(run(args));
    }

    /**
     * Netty tracks one buffer in 128 for leaks unless told otherwise, which cost 2 to 7% more CPU
     * per proxied request in {@code bench/passthrough-ab.sh}. The build's tests run it at {@code
     * paranoid}; an operator chasing a leak sets {@code -Dio.netty.leakDetection.level}.
     */
    private static void quietLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Commands of {@code trickle-demo.jar} only: their name and class. */
    private static final String[][] DEMO_TOOLS = {
        {"demo", "dev.trickle.server.cli.DemoCommand"},
        {"clerk-emulator", "dev.trickle.server.cli.ClerkEmulatorCommand"}
    };

    /** The command tree with Trickle's exit codes and one-line usage errors. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (String[] tool : DEMO_TOOLS) {
            cli.addSubcommand(tool[0], demoTool(tool[0], tool[1]));
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(
                (ex, arguments) -> {
                    CommandLine failed = ex.getCommandLine();
                    failed.getErr()
                            .println(
                                    "trickle: "
                                            + ex.getMessage()
                                            + " (see '"
                                            + failed.getCommandSpec().qualifiedName()
                                            + " --help')");
                    return ExitCodes.USAGE;
                });
        cli.setExecutionExceptionHandler(
                (ex, failed, parseResult) -> {
                    failed.getErr().println("trickle: " + StartupFailures.describe(ex));
                    failed.getErr().flush();
                    if (!StartupFailures.isExpected(ex)) {
                        // The trace is for a bug report, not the console: TRICKLE_LOG_LEVEL=DEBUG.
                        LoggerFactory.getLogger(Main.class).debug("unexpected failure", ex);
                    }
                    return StartupFailures.exitCode(ex);
                });
        return cli;
    }

    /** The command itself in {@code trickle-demo.jar}; in the production jar, a pointer to it. */
    private static Object demoTool(String name, String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return new NotInThisJar(name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " cannot be created", e);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
