package dev.trickle.server.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file: sections of keys, each key with every value it was given, in order. */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {
    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String line : text.split("\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (stripped.startsWith("[") && stripped.endsWith("]")) {
                current = new LinkedHashMap<>();
                sections.put(stripped.substring(1, stripped.length() - 1), current);
                continue;
            }
            int equals = stripped.indexOf('=');
            if (current == null || equals <= 0) {
                throw new AssertionError("not a unit file line: " + line);
            }
            current.computeIfAbsent(stripped.substring(0, equals), k -> new ArrayList<>())
                    .add(stripped.substring(equals + 1));
        }
        return new SystemdUnit(sections);
    }

    /** The last value of {@code key}, as systemd reads a key given twice (lists aside). */
    String value(String section, String key) {
        List<String> values = sections.getOrDefault(section, Map.of()).get(key);
        if (values == null) {
            throw new AssertionError("no " + key + "= in [" + section + "]");
        }
        return values.get(values.size() - 1);
    }

    boolean has(String section, String key) {
        return sections.getOrDefault(section, Map.of()).containsKey(key);
    }

    /** ExecStart's command line after {@code -jar JAR}: the arguments trickle.jar gets. */
    List<String> trickleArguments() {
        List<String> words = List.of(value("Service", "ExecStart").split("\\s+"));
        int jar = words.indexOf("-jar");
        if (jar < 0) {
            throw new AssertionError("ExecStart runs no jar: " + words);
        }
        return words.subList(jar + 2, words.size());
    }

    String jar() {
        List<String> words = List.of(value("Service", "ExecStart").split("\\s+"));
        return words.get(words.indexOf("-jar") + 1);
    }
}
