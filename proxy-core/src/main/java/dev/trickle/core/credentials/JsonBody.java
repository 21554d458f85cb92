package dev.trickle.core.credentials;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A JSON body read twice over in one pass: once keeping the first of each repeated member, once the
 * last (what Python, PHP, Ruby and JavaScript keep), with the places of the repeated members noted,
 * so that a credential member given twice is seen as the ambiguity it is.
 */
final class JsonBody {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode first;
    private final JsonNode last;
    private final Set<String> repeated;

    private JsonBody(JsonNode first, JsonNode last, Set<String> repeated) {
        this.first = first;
        this.last = last;
        this.repeated = repeated;
    }

    /**
     * @return empty when the body holds no JSON value
     * @throws IOException when the body is not JSON, or holds more than one value
     */
    static java.util.Optional<JsonBody> parse(byte[] body) throws IOException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return java.util.Optional.empty();
            }
            Set<String> repeated = new HashSet<>();
            JsonNode[] pair = read(parser, token, "", repeated);
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
            return java.util.Optional.of(new JsonBody(pair[0], pair[1], repeated));
        }
    }

    /** The member at {@code pointer}, or why it cannot be told. */
    FieldValue read(JsonPointer pointer, DuplicatePolicy policy) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            if (repeated.contains(p.toString())) {
                if (policy == DuplicatePolicy.REFUSE) {
                    return new FieldValue.Ambiguous("JSON member " + p + " appears more than once");
                }
                break;
            }
        }
        JsonNode node = (policy == DuplicatePolicy.FIRST ? first : last).at(pointer);
        if (node.isMissingNode() || node.isNull() || !node.isValueNode()) {
            return FieldValue.MISSING;
        }
        return new FieldValue.Present(node.asText());
    }

    /** Whether the member at {@code pointer} is a JSON string (a password must be one). */
    boolean isText(JsonPointer pointer, DuplicatePolicy policy) {
        return (policy == DuplicatePolicy.FIRST ? first : last).at(pointer).isTextual();
    }

    /** The value starting at {@code token}, as {first-wins, last-wins}. */
    private static JsonNode[] read(
            JsonParser parser, JsonToken token, String at, Set<String> repeated)
            throws IOException {
        if (token == JsonToken.START_OBJECT) {
            ObjectNode first = NODES.objectNode();
            ObjectNode last = NODES.objectNode();
            for (JsonToken t = parser.nextToken();
                    t != JsonToken.END_OBJECT;
                    t = parser.nextToken()) {
                String name = parser.currentName();
                String here = at + "/" + escape(name);
                JsonNode[] value = read(parser, parser.nextToken(), here, repeated);
                if (first.has(name)) {
                    repeated.add(here);
                } else {
                    first.set(name, value[0]);
                }
                last.set(name, value[1]);
            }
            return new JsonNode[] {first, last};
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode first = NODES.arrayNode();
            ArrayNode last = NODES.arrayNode();
            int index = 0;
            for (JsonToken t = parser.nextToken();
                    t != JsonToken.END_ARRAY;
                    t = parser.nextToken()) {
                JsonNode[] value = read(parser, t, at + "/" + index++, repeated);
                first.add(value[0]);
                last.add(value[1]);
            }
            return new JsonNode[] {first, last};
        }
        JsonNode scalar = scalar(parser, token);
        return new JsonNode[] {scalar, scalar};
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected JSON token");
        };
    }

    /** RFC 6901: {@code ~} and {@code /} in a member name are written {@code ~0} and {@code ~1}. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
