package dev.trickle.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --report} and {@code --list}, shared by the cutover commands that find things. */
final class JsonReportOptions {
    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path file;

    @Option(
            names = "--list",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Entries listed per kind in the JSON report (default: ${DEFAULT-VALUE}).")
    int listed;

    /** Writes {@code report} to {@code --report}'s file, if one was given. */
    void write(Object report) throws IOException {
        if (file != null) {
            FindingsOutput.writeJson(file, report);
        }
    }
}
