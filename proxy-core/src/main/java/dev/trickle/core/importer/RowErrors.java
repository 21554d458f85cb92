package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The errors file: one JSON object per line for each row that was rejected or whose password could
 * not be imported: {@code row}, {@code legacy_id} (when known), {@code field}, {@code reason},
 * {@code action}. It never holds a field's value, so no password, digest or salt can end up in it.
 */
public final class RowErrors implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private long lines;

    private RowErrors(BufferedWriter out) {
        this.out = out;
    }

    /** Truncates {@code file}: each run's errors file describes that run. */
    public static RowErrors create(Path file) throws IOException {
        return new RowErrors(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    synchronized void write(
            long row, Optional<String> legacyId, RowProblem problem, String action) {
        ObjectNode line = JSON.createObjectNode();
        line.put("row", row);
        legacyId.ifPresent(id -> line.put("legacy_id", id));
        line.put("field", problem.field());
        line.put("reason", problem.reason());
        line.put("action", action);
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the errors file", e);
        }
    }

    public synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
