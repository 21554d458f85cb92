package dev.trickle.core.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A JSON file holding an array of user objects, either at the top level or under {@code "users"}
 * (as Firebase's {@code auth:export} writes it). Parsed as a stream: one element in memory at a
 * time. The row is the element's 1-based index. A syntax error ends the file: JSON cannot be
 * resynchronised after one, so it fails the run instead of skipping rows silently.
 */
final class JsonArrayReader implements RowReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonParser parser;
    private long row;

    private JsonArrayReader(JsonParser parser) {
        this.parser = parser;
    }

    static JsonArrayReader open(Path path) throws IOException {
        JsonParser parser = JSON.getFactory().createParser(path.toFile());
        try {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                seekUsers(parser);
            } else if (first != JsonToken.START_ARRAY) {
                throw new IOException(
                        path + ": expected a JSON array of users, or an object with \"users\"");
            }
            return new JsonArrayReader(parser);
        } catch (IOException | RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    private static void seekUsers(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("users") && value == JsonToken.START_ARRAY) {
                return;
            }
            parser.skipChildren();
        }
        throw new IOException("the JSON object has no \"users\" array");
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.END_ARRAY) {
            return Optional.empty();
        }
        row++;
        JsonNode node = parser.readValueAsTree();
        if (node instanceof ObjectNode object) {
            return Optional.of(new RawRow.Fields(row, object));
        }
        return Optional.of(new RawRow.Unreadable(row, "not a JSON object"));
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
