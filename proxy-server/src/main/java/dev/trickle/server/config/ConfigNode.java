package dev.trickle.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A section of the configuration file with its dotted path. Every read records the key, so {@link
 * #rejectUnknownKeys()} can report misspelt keys instead of silently ignoring them; every bad value
 * is reported to the shared {@link ConfigProblems} and replaced by the default, so that one pass
 * finds every problem.
 */
final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final JsonNode node;
    private final String path;
    private final ConfigProblems problems;
    private final EnvironmentSubstitution env;
    private final Set<String> readKeys = new LinkedHashSet<>();

    ConfigNode(JsonNode node, String path, ConfigProblems problems, EnvironmentSubstitution env) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.problems = problems;
        this.env = env;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            problems.invalid(displayPath(), describe(this.node), "a mapping of keys to values");
        }
    }

    String path() {
        return path;
    }

    ConfigProblems problems() {
        return problems;
    }

    boolean isPresent() {
        return node.isObject();
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigNode section(String key) {
        readKeys.add(key);
        return new ConfigNode(node.get(key), pathOf(key), problems, env);
    }

    /** The keys of this mapping in file order; each counts as read. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        readKeys.addAll(keys);
        return keys;
    }

    /** The sections of a list under {@code key}, each with its {@code key[i]} path. */
    List<ConfigNode> sections(String key) {
        JsonNode list = read(key);
        List<ConfigNode> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            problems.invalid(pathOf(key), describe(list), "a list");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            out.add(new ConfigNode(list.get(i), pathOf(key) + "[" + i + "]", problems, env));
        }
        return out;
    }

    Optional<String> optionalString(String key) {
        JsonNode value = read(key);
        if (value != null && !value.isValueNode()) {
            problems.invalid(pathOf(key), describe(value), "a single value");
            return Optional.empty();
        }
        return substituted(key, value);
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    String requiredString(String key, String expectation) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            problems.add(pathOf(key), "missing (expected: " + expectation + ")");
            return "";
        }
        return value.get();
    }

    List<String> strings(String key) {
        JsonNode value = read(key);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.isValueNode()) {
            out.add(env.apply(value.asText(), pathOf(key), problems));
            return out;
        }
        if (!value.isArray()) {
            problems.invalid(pathOf(key), describe(value), "a list of values");
            return out;
        }
        for (int i = 0; i < value.size(); i++) {
            out.add(env.apply(value.get(i).asText(), pathOf(key) + "[" + i + "]", problems));
        }
        return out;
    }

    Optional<Secret> secret(String key) {
        return substituted(key, read(key)).map(Secret::of);
    }

    /** The value at {@code key}, which counts as read; null when absent or JSON null. */
    private JsonNode read(String key) {
        readKeys.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** {@code value}'s text with environment references substituted; empty reads as absent. */
    private Optional<String> substituted(String key, JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = env.apply(value.asText(), pathOf(key), problems);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    int integer(String key, int defaultValue, int min, int max) {
        return value(
                key,
                defaultValue,
                "an integer from " + min + " to " + max,
                t -> within(Integer.parseInt(t.trim()), min, max));
    }

    long bytes(String key, long defaultValue, long min, long max) {
        return value(
                key,
                defaultValue,
                "a size from " + min + " to " + max + " bytes, e.g. 16384 or 64KiB",
                t -> within(ByteSizes.parse(t), min, max));
    }

    /**
     * A share of this JVM's maximum heap, written {@code 25%} (1 to 90) or as a size; at least
     * {@code min} bytes and never more than the heap.
     */
    long heapShare(String key, long defaultValue, long min) {
        long heap = Runtime.getRuntime().maxMemory();
        return value(
                key,
                defaultValue,
                "a percentage of the heap from 1% to 90%, or a size from "
                        + min
                        + " bytes to the maximum heap ("
                        + heap
                        + " bytes here), e.g. 25% or 512MiB",
                t -> {
                    String text = t.trim();
                    long v;
                    if (text.endsWith("%")) {
                        int percent = Integer.parseInt(text.substring(0, text.length() - 1).trim());
                        if (percent < 1 || percent > 90) {
                            return null;
                        }
                        v = heap / 100 * percent;
                    } else {
                        v = ByteSizes.parse(text);
                    }
                    return within(v, min, heap);
                });
    }

    boolean bool(String key, boolean defaultValue) {
        return value(
                key,
                defaultValue,
                "true or false",
                t ->
                        switch (t.trim().toLowerCase(Locale.ROOT)) {
                            case "true" -> Boolean.TRUE;
                            case "false" -> Boolean.FALSE;
                            default -> null;
                        });
    }

    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        return value(
                key,
                defaultValue,
                "a duration from " + min + " to " + max + ", e.g. 500ms, 5s, 2m",
                t -> within(parseDuration(t), min, max));
    }

    /** {@code value} when from {@code min} to {@code max}; null, which reports it, when not. */
    private static <T extends Comparable<T>> T within(T value, T min, T max) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0 ? value : null;
    }

    <E extends Enum<E>> E enumValue(String key, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        return value(
                key,
                defaultValue,
                "one of " + String.join(", ", names),
                t -> Enum.valueOf(type, t.trim().toUpperCase(Locale.ROOT)));
    }

    /**
     * The value at {@code key} found by its configuration name, or the default when absent or
     * unknown (then reported with {@code expectation}).
     */
    <T> T named(
            String key, T defaultValue, Function<String, Optional<T>> byName, String expectation) {
        return value(key, defaultValue, expectation, text -> byName.apply(text).orElse(null));
    }

    /** The value at {@code key} parsed, or the default when absent or invalid (then reported). */
    private <T> T value(
            String key, T defaultValue, String expectation, Function<String, T> parser) {
        return optionalString(key)
                .map(text -> parse(key, text, defaultValue, expectation, parser))
                .orElse(defaultValue);
    }

    Optional<URI> url(String key, Set<String> schemes) {
        return optionalString(key)
                .flatMap(
                        text -> {
                            String expectation =
                                    "an absolute " + String.join(" or ", schemes) + " URL";
                            try {
                                URI uri = new URI(text.trim());
                                if (uri.getScheme() != null
                                        && schemes.contains(
                                                uri.getScheme().toLowerCase(Locale.ROOT))
                                        && uri.getHost() != null) {
                                    return Optional.of(uri);
                                }
                            } catch (URISyntaxException e) {
                                // reported below, with the expectation
                            }
                            problems.add(
                                    pathOf(key),
                                    "not a URL: " + text + " (expected: " + expectation + ")");
                            return Optional.empty();
                        });
    }

    Optional<Path> readableFile(String key) {
        return optionalString(key)
                .flatMap(
                        text -> {
                            Path file = Path.of(text);
                            if (!java.nio.file.Files.isReadable(file)) {
                                problems.invalid(pathOf(key), text, "a readable file");
                                return Optional.empty();
                            }
                            return Optional.of(file);
                        });
    }

    /** Reports every key in this section that no reader asked for: usually a typo. */
    void rejectUnknownKeys() {
        if (!node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!readKeys.contains(name)) {
                problems.add(
                        pathOf(name),
                        "unknown key (expected one of: " + String.join(", ", readKeys) + ")");
            }
        }
    }

    private <T> T parse(
            String key,
            String text,
            T defaultValue,
            String expectation,
            Function<String, T> parser) {
        T value;
        try {
            value = parser.apply(text);
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) {
            problems.invalid(pathOf(key), text, expectation);
            return defaultValue;
        }
        return value;
    }

    static Duration parseDuration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("p")) {
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private String displayPath() {
        return path.isEmpty() ? "(root)" : path;
    }

    private static String describe(JsonNode value) {
        return value.isContainerNode()
                ? value.getNodeType().name().toLowerCase(Locale.ROOT)
                : value.asText();
    }
}
