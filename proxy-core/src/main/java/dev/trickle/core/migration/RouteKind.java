package dev.trickle.core.migration;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a route does in the legacy app. Logins and sign-ups move the user to Clerk; a password
 * change or a completed reset also carries the new password, which Clerk must get too, or the two
 * systems drift apart while both run.
 */
public enum RouteKind {
    LOGIN("login"),
    SIGNUP("signup"),
    PASSWORD_CHANGE("passwordChange"),
    PASSWORD_RESET("passwordReset");

    private final String configName;

    RouteKind(String configName) {
        this.configName = configName;
    }

    /** The name in {@code routes[].kind}. */
    public String configName() {
        return configName;
    }

    /** Whether the password the route carries replaces the user's current one. */
    public boolean setsPassword() {
        return this == PASSWORD_CHANGE || this == PASSWORD_RESET;
    }

    public static Optional<RouteKind> ofConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
    }
}
