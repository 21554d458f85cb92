package dev.trickle.core.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * JSON Lines (NDJSON, as Auth0's bulk export writes it): one object per line, the row is the line
 * number, blank lines are skipped. A line that is not a JSON object is one unreadable row.
 */
final class JsonLinesReader implements RowReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader file;
    private long line;

    private JsonLinesReader(BufferedReader file) {
        this.file = file;
    }

    static JsonLinesReader open(Path path) throws IOException {
        return new JsonLinesReader(Files.newBufferedReader(path, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        String text;
        do {
            text = file.readLine();
            if (text == null) {
                return Optional.empty();
            }
            line++;
        } while (text.isBlank());
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.of(
                    new RawRow.Unreadable(line, "not valid JSON: " + e.getOriginalMessage()));
        }
        if (node instanceof ObjectNode object) {
            return Optional.of(new RawRow.Fields(line, object));
        }
        return Optional.of(new RawRow.Unreadable(line, "not a JSON object"));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
