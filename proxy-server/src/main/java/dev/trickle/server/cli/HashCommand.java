package dev.trickle.server.cli;

import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trickle hash}: lets operators check a sample of their password table before going live.
 * Standard input is injectable so tests can drive the subcommands in-process.
 */
@Command(
        name = "hash",
        mixinStandardHelpOptions = true,
        description = "Identify legacy password digests and verify passwords against them.",
        subcommands = {HashIdentifyCommand.class, HashVerifyCommand.class})
public final class HashCommand implements Runnable {
    private final InputStream input;
    @Spec CommandSpec spec;

    public HashCommand() {
        this(System.in);
    }

    HashCommand(InputStream input) {
        this.input = input;
    }

    InputStream input() {
        return input;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing required subcommand: identify or verify");
    }
}
