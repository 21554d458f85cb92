package dev.trickle.server.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read the way the builder reads it: comments dropped, backslash continuations joined,
 * instructions grouped by the stage ({@code FROM}) they belong to.
 */
record Dockerfile(List<Dockerfile.Stage> stages) {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Instruction(String keyword, String arguments) {
        /** The exec form ({@code ["a", "b"]}) as a list, or the shell form split on spaces. */
        List<String> words() {
            String trimmed = arguments.strip();
            if (trimmed.startsWith("[")) {
                try {
                    return Arrays.asList(JSON.readValue(trimmed, String[].class));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("not a JSON array: " + trimmed, e);
                }
            }
            return Arrays.asList(trimmed.split("\\s+"));
        }
    }

    record Stage(String image, Optional<String> alias, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.isEmpty()) {
                throw new AssertionError("no " + keyword + " in the stage FROM " + image);
            }
            return found.get(found.size() - 1);
        }
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String stripped = line.strip();
            if (logical.length() == 0 && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (logical.length() > 0 && stripped.startsWith("#")) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                logical.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            logical.append(stripped);
            String[] parts = logical.toString().strip().split("\\s+", 2);
            logical.setLength(0);
            Instruction instruction =
                    new Instruction(
                            parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.words();
                Optional<String> alias =
                        words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")
                                ? Optional.of(words.get(2))
                                : Optional.empty();
                current = new ArrayList<>();
                stages.add(new Stage(words.get(0), alias, current));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new AssertionError(instruction.keyword() + " before the first FROM");
                }
            } else {
                current.add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage build() {
        return stages.get(0);
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
