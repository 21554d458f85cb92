package dev.trickle.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while validating a configuration so that start-up reports them all
 * at once instead of one per restart.
 */
public final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    public void add(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    /** Records {@code path: value (expected: expectation)}. */
    public void invalid(String path, Object value, String expectation) {
        add(path, value + " (expected: " + expectation + ")");
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<ConfigProblem> asList() {
        return List.copyOf(problems);
    }

    /** Throws {@link InvalidConfigException} listing every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(asList());
        }
    }
}
