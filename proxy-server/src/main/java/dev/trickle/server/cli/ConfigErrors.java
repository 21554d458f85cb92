package dev.trickle.server.cli;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.InvalidConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints every configuration problem, one per line, prefixed with the file it came from. */
final class ConfigErrors {
    private ConfigErrors() {}

    static void print(PrintWriter err, Path file, InvalidConfigException e) {
        err.println("trickle: invalid configuration in " + file + ":");
        for (ConfigProblem problem : e.problems()) {
            err.println("  " + problem);
        }
        err.flush();
    }
}
