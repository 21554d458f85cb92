package dev.trickle.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trickle.core.reconcile.Findings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** Prints a cutover command's findings for a person, and writes its report as JSON for tools. */
final class FindingsOutput {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsOutput() {}

    /** Each kind with its count, then up to {@code shown} of its items, one per line. */
    static void print(PrintWriter out, Map<String, Findings.Tally> tallies, int shown) {
        tallies.forEach(
                (kind, tally) -> {
                    out.println("  " + kind + ": " + tally.count());
                    tally.items().stream()
                            .limit(shown)
                            .forEach(item -> out.println("      " + line(item)));
                    if (tally.count() > Math.min(shown, tally.items().size())) {
                        out.println("      ... (all counted; the JSON report lists more)");
                    }
                });
    }

    private static String line(Map<String, String> item) {
        StringBuilder line = new StringBuilder();
        item.forEach(
                (key, value) -> {
                    if (line.length() > 0) {
                        line.append("  ");
                    }
                    line.append(key).append('=').append(value);
                });
        return line.toString();
    }

    static void writeJson(Path file, Object report) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }
}
