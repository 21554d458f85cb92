package dev.trickle.server.config;

import dev.trickle.core.config.ConfigProblems;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration values so secrets stay in
 * the environment. Applied to parsed scalar values, never to raw YAML text, so a value with YAML
 * syntax in it cannot change the document's structure.
 */
final class EnvironmentSubstitution {
    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> environment;

    EnvironmentSubstitution(Function<String, String> environment) {
        this.environment = environment;
    }

    static EnvironmentSubstitution ofSystem() {
        Map<String, String> env = System.getenv();
        return new EnvironmentSubstitution(env::get);
    }

    /**
     * Returns the value with every reference replaced; unset variables are reported, not guessed.
     */
    String apply(String value, String path, ConfigProblems problems) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = environment.apply(name);
            if (replacement == null || replacement.isEmpty()) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                problems.add(path, "environment variable " + name + " is not set");
                replacement = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
