package dev.trickle.server.cli;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;

/** Prints every configuration problem, one per line, prefixed with the file it came from. */
final class ConfigErrors {
    private ConfigErrors() {}

    /**
     * What {@code read} makes of {@code file} with the process environment, or empty after printing
     * every problem to {@code err}: the caller then exits with {@link ExitCodes#CONFIG}.
     */
    static <T> Optional<T> load(
            PrintWriter err, Path file, BiFunction<ConfigLoader, Path, T> read) {
        try {
            return Optional.of(read.apply(ConfigLoader.withSystemEnvironment(), file));
        } catch (InvalidConfigException e) {
            print(err, file, e);
            return Optional.empty();
        }
    }

    private static void print(PrintWriter err, Path file, InvalidConfigException e) {
        err.println("trickle: invalid configuration in " + file + ":");
        for (ConfigProblem problem : e.problems()) {
            err.println("  " + problem);
        }
        err.flush();
    }
}
