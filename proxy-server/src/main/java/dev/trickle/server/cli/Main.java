package dev.trickle.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code trickle.jar}: one picocli command per operator task. */
@Command(
        name = "trickle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Trickle-migration authentication proxy: moves legacy users to Clerk as they log in.",
        subcommands = {CommandLine.HelpCommand.class, HashCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
