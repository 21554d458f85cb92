package dev.trickle.server.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${NAME}} and {@code ${NAME:-default}} references in a configuration's values (not in
 * its comments), the way the loader substitutes them.
 */
final class EnvReferences {
    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    private EnvReferences() {}

    /** Each variable referenced, mapped to whether every reference to it has a default. */
    static Map<String, Boolean> in(String yaml) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not YAML: " + e.getOriginalMessage(), e);
        }
        Map<String, Boolean> found = new TreeMap<>();
        collect(tree, found);
        return found;
    }

    /** The variables referenced without a default: these must be set. */
    static java.util.Set<String> required(String yaml) {
        Map<String, Boolean> all = in(yaml);
        java.util.Set<String> required = new java.util.TreeSet<>();
        all.forEach(
                (name, hasDefault) -> {
                    if (!hasDefault) {
                        required.add(name);
                    }
                });
        return required;
    }

    private static void collect(JsonNode node, Map<String, Boolean> found) {
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.asText());
            while (m.find()) {
                found.merge(m.group(1), m.group(2) != null, Boolean::logicalAnd);
            }
        }
        node.forEach(child -> collect(child, found));
    }
}
