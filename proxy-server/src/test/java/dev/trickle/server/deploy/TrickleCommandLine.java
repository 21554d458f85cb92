package dev.trickle.server.deploy;

import dev.trickle.server.cli.Main;
import java.util.List;
import picocli.CommandLine;

/**
 * Parses an argument list the way {@code java -jar trickle.jar ARGS} would, without running it: an
 * option the CLI does not have fails here, not on an operator's machine.
 */
final class TrickleCommandLine {
    private TrickleCommandLine() {}

    /** The subcommand's parse result; fails the test on anything the CLI would reject. */
    static CommandLine.ParseResult parse(List<String> args) {
        CommandLine.ParseResult result;
        try {
            result = Main.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("trickle " + String.join(" ", args) + ": " + e.getMessage());
        }
        if (!result.hasSubcommand()) {
            throw new AssertionError("trickle " + String.join(" ", args) + ": no command");
        }
        return result.subcommand();
    }

    static String option(CommandLine.ParseResult command, String name) {
        CommandLine.Model.OptionSpec option = command.matchedOption(name);
        if (option == null) {
            throw new AssertionError(command.commandSpec().name() + " is not given " + name);
        }
        List<String> values = option.originalStringValues();
        return values.get(values.size() - 1);
    }
}
