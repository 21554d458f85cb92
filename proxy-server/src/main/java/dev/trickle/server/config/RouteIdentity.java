package dev.trickle.server.config;

import dev.trickle.core.legacy.IdentityConfirmation;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code routes[i].identity}: where an upstream-verified login's user comes from, and for the
 * legacy database (by the typed identifier) how that user is confirmed as the one the app signed
 * in.
 */
final class RouteIdentity {
    private RouteIdentity() {}

    static RouteConfig.Identity read(ConfigNode node) {
        RouteConfig.Identity identity;
        if (node.has("currentUser")) {
            ConfigNode current = node.section("currentUser");
            identity =
                    new RouteConfig.Identity.CurrentUser(
                            url(current), RouteConfig.pointers(current));
            current.rejectUnknownKeys();
        } else if (node.has("json")) {
            ConfigNode json = node.section("json");
            identity = new RouteConfig.Identity.Json(RouteConfig.pointers(json));
            json.rejectUnknownKeys();
        } else {
            ConfigNode database = node.section("database");
            identity = new RouteConfig.Identity.Database(confirmation(database));
            database.rejectUnknownKeys();
        }
        if (node.has("database") && !(identity instanceof RouteConfig.Identity.Database)) {
            node.problems()
                    .add(
                            node.pathOf("database"),
                            "given with json or currentUser (expected: one identity source)");
        }
        node.section("json");
        node.section("currentUser");
        node.section("database");
        node.rejectUnknownKeys();
        return identity;
    }

    private static RouteConfig.Confirmation confirmation(ConfigNode node) {
        String confirm = node.string("confirm", "password");
        RouteConfig.Confirmation confirmation;
        switch (confirm) {
            case "password" -> confirmation = new RouteConfig.Confirmation.Password();
            case "currentUser" -> {
                ConfigNode current = node.section("currentUser");
                confirmation =
                        new RouteConfig.Confirmation.CurrentUser(
                                url(current),
                                RouteConfig.compile(current, "id", current.string("id", "/id")));
                current.rejectUnknownKeys();
            }
            case "cookie" -> {
                ConfigNode cookie = node.section("cookie");
                confirmation =
                        new RouteConfig.Confirmation.Cookie(
                                cookie.requiredString(
                                        "name",
                                        "the session cookie's name, e.g. wordpress_logged_in_*"),
                                valuePattern(cookie),
                                field(cookie));
                cookie.rejectUnknownKeys();
            }
            default -> {
                node.problems()
                        .invalid(
                                node.pathOf("confirm"), confirm, "password, currentUser or cookie");
                confirmation = new RouteConfig.Confirmation.Password();
            }
        }
        if (!confirm.equals("currentUser") && node.has("currentUser")) {
            node.problems().add(node.pathOf("currentUser"), "given without confirm: currentUser");
        }
        if (!confirm.equals("cookie") && node.has("cookie")) {
            node.problems().add(node.pathOf("cookie"), "given without confirm: cookie");
        }
        node.section("currentUser");
        node.section("cookie");
        return confirmation;
    }

    private static Pattern valuePattern(ConfigNode cookie) {
        String text =
                cookie.requiredString(
                        "value",
                        "a regular expression whose first group is the user, e.g. ^([^|]+)\\|");
        Optional<Pattern> pattern = RouteSuccess.pattern(cookie, "value");
        if (pattern.isPresent() && pattern.get().matcher("").groupCount() < 1) {
            cookie.problems()
                    .invalid(cookie.pathOf("value"), text, "a regular expression with a group");
        }
        return pattern.orElse(Pattern.compile("(?!)"));
    }

    private static IdentityConfirmation.Field field(ConfigNode cookie) {
        String text = cookie.string("field", "username");
        try {
            return IdentityConfirmation.Field.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            cookie.problems().invalid(cookie.pathOf("field"), text, "id, username or email");
            return IdentityConfirmation.Field.USERNAME;
        }
    }

    private static URI url(ConfigNode node) {
        if (!node.has("url")) {
            node.problems()
                    .add(node.pathOf("url"), "missing (expected: the app's current-user URL)");
        }
        return node.url("url", Set.of("http", "https")).orElse(URI.create("http://127.0.0.1/"));
    }
}
