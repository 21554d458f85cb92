package dev.trickle.server.cli;

import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.CutoverConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config} every cutover command shares with {@code serve}. */
final class CutoverConfigOption {
    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "serve's YAML configuration file (see docs/configuration.md).")
    Path file;

    /** The configuration, or empty after printing every problem to {@code err}. */
    Optional<CutoverConfig> load(PrintWriter err) {
        return ConfigErrors.load(err, file, ConfigLoader::loadCutover);
    }
}
