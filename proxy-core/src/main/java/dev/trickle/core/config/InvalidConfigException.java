package dev.trickle.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when the configuration has problems; the message lists each one per line. */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(
                problems.stream()
                        .map(ConfigProblem::toString)
                        .collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
