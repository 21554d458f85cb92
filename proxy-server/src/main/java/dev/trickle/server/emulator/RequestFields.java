package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Reading a request body's fields as Clerk does: JSON {@code null} and absent are the same. */
final class RequestFields {
    private RequestFields() {}

    static boolean has(ObjectNode body, String field) {
        return body.hasNonNull(field);
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean bool(ObjectNode body, String field) {
        return body.path(field).asBoolean(false);
    }

    static ObjectNode object(ObjectNode body, String field) {
        return body.get(field) instanceof ObjectNode o ? o : EmulatorJson.MAPPER.createObjectNode();
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
