package dev.trickle.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** A demo tool asked of the production jar: one line saying which jar has it. */
@Command(description = "In trickle-demo.jar, not in this production jar.")
final class NotInThisJar implements Callable<Integer> {
    private final String name;

    @Spec CommandSpec spec;

    @Unmatched String[] ignored;

    NotInThisJar(String name) {
        this.name = name;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        cli.getErr()
                .println(
                        "trickle: "
                                + name
                                + " ships in trickle-demo.jar (built beside trickle.jar); this"
                                + " production jar leaves the demo and the Clerk emulator out");
        return ExitCodes.USAGE;
    }
}
