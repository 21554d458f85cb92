package dev.trickle.core.credentials;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a login route does with a body that carries a credential field more than once. Stacks
 * disagree on which copy counts (PHP, Django and Rack keep the last, Go and Java servlets the
 * first), so a proxy that reads a different copy than the app would move one user with another's
 * password: by default such a request is refused; a route may instead read the copy its stack
 * reads.
 */
public enum DuplicatePolicy {
    /** Answer 400 without forwarding: nobody can tell which copy the app will read. */
    REFUSE,
    /** Read the first copy, as Go's {@code FormValue} and Java's {@code getParameter} do. */
    FIRST,
    /** Read the last copy, as PHP, Django's {@code QueryDict} and Rack do. */
    LAST;

    /** The name in {@code routes[].credentials.duplicates}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DuplicatePolicy> ofConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName().equals(name)).findFirst();
    }
}
