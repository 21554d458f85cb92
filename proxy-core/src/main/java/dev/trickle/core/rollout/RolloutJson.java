package dev.trickle.core.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON form of a {@link Rollout}, as the admin API takes and shows it and the ledger keeps it:
 * {@code {"mode": "shadow", "rolloutPercent": 20, "allow": [...], "deny": [...]}}.
 */
public final class RolloutJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("mode", "rolloutPercent", "allow", "deny");

    private RolloutJson() {}

    public static String write(Rollout rollout) {
        return node(rollout).toString();
    }

    public static ObjectNode node(Rollout rollout) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mode", rollout.mode().tag());
        node.put("rolloutPercent", rollout.percent());
        ArrayNode allow = node.putArray("allow");
        new TreeSet<>(rollout.allow()).forEach(allow::add);
        ArrayNode deny = node.putArray("deny");
        new TreeSet<>(rollout.deny()).forEach(deny::add);
        return node;
    }

    /**
     * {@code base} with the members {@code json} gives replaced; absent members keep their value.
     *
     * @throws IllegalArgumentException naming the member at fault, as {@code key: value (expected:
     *     ...)}
     */
    public static Rollout patch(Rollout base, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "body: not JSON (expected: an object such as {\"mode\": \"shadow\"})");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "body: not a JSON object (expected: an object such as {\"mode\": \"shadow\"})");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(
                        name + ": unknown key (expected: mode, rolloutPercent, allow, deny)");
            }
        }
        MigrationMode mode = root.has("mode") ? mode(root.get("mode")) : base.mode();
        int percent =
                root.has("rolloutPercent") ? percent(root.get("rolloutPercent")) : base.percent();
        Set<String> allow = root.has("allow") ? ids("allow", root.get("allow")) : base.allow();
        Set<String> deny = root.has("deny") ? ids("deny", root.get("deny")) : base.deny();
        return new Rollout(mode, percent, allow, deny);
    }

    private static MigrationMode mode(JsonNode node) {
        if (node.isTextual()) {
            try {
                return MigrationMode.valueOf(node.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below with the accepted values
            }
        }
        throw new IllegalArgumentException(
                "mode: " + node + " (expected: passthrough, shadow or migrate)");
    }

    private static int percent(JsonNode node) {
        if (!node.isInt() || node.asInt() < 0 || node.asInt() > 100) {
            throw new IllegalArgumentException(
                    "rolloutPercent: " + node + " (expected: an integer from 0 to 100)");
        }
        return node.asInt();
    }

    private static Set<String> ids(String key, JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    key + ": " + node.getNodeType() + " (expected: an array of legacy ids)");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new IllegalArgumentException(
                        key + ": " + id + " (expected: non-empty strings)");
            }
            ids.add(id.asText());
        }
        return ids;
    }
}
