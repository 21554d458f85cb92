package dev.trickle.server.config;

import dev.trickle.core.legacy.SuccessRules;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code routes[i].success}: required on every route, whatever its strategy, and holding at
 * least one positive signal, since a route that only says what a success is not takes a 401 or
 * another action's redirect for a login.
 */
final class RouteSuccess {
    private static final String EXPECTED =
            "a positive success signal: status, locationMatches, setsCookie or jsonPointer, e.g."
                    + " {status: [302], setsCookie: sessionid}";

    private RouteSuccess() {}

    static SuccessRules read(ConfigNode route) {
        if (!route.has("success")) {
            route.problems().add(route.pathOf("success"), "missing (expected: " + EXPECTED + ")");
        }
        ConfigNode node = route.section("success");
        Set<Integer> statuses = new HashSet<>();
        for (String status : node.strings("status")) {
            try {
                int code = Integer.parseInt(status.trim());
                if (code < 200 || code > 599) {
                    throw new NumberFormatException();
                }
                statuses.add(code);
            } catch (NumberFormatException e) {
                node.problems()
                        .invalid(
                                node.pathOf("status"),
                                status,
                                "final HTTP status codes from 200 to 599, e.g. [302]");
            }
        }
        SuccessRules rules =
                new SuccessRules(
                        statuses,
                        pattern(node, "locationMatches"),
                        pattern(node, "locationNotMatches"),
                        node.optionalString("setsCookie"),
                        node.optionalString("jsonPointer")
                                .map(p -> RouteConfig.compile(node, "jsonPointer", p)),
                        node.optionalString("jsonEquals"));
        if (rules.jsonEquals().isPresent() && rules.jsonPointer().isEmpty()) {
            node.problems()
                    .invalid(
                            node.pathOf("jsonEquals"),
                            rules.jsonEquals().get(),
                            "jsonPointer too: the member that must equal it");
        }
        if (route.has("success") && !rules.hasPositiveSignal()) {
            node.problems().add(node.path(), "no positive signal (expected: " + EXPECTED + ")");
        }
        checkSatisfiable(node, rules);
        node.rejectUnknownKeys();
        return rules;
    }

    /**
     * Rules that cannot tell a login from a refusal: a Location pattern no listed status can carry
     * (the route never succeeds), or error statuses as the only signal (every refused login would
     * migrate its user).
     */
    private static void checkSatisfiable(ConfigNode node, SuccessRules rules) {
        Set<Integer> statuses = rules.statuses();
        boolean redirects = statuses.stream().anyMatch(code -> code >= 300 && code < 400);
        if (!statuses.isEmpty() && !redirects) {
            for (String key : new String[] {"locationMatches", "locationNotMatches"}) {
                if (node.has(key)) {
                    node.problems()
                            .add(
                                    node.pathOf(key),
                                    "never met: no status in success.status is a redirect, and"
                                            + " only a redirect carries a Location (expected: a"
                                            + " 3xx status such as [302] beside it)");
                }
            }
        }
        boolean onlyErrors = !statuses.isEmpty() && statuses.stream().allMatch(code -> code >= 400);
        boolean otherSignal =
                rules.locationMatches().isPresent()
                        || rules.setsCookie().isPresent()
                        || rules.jsonPointer().isPresent();
        if (onlyErrors && !otherSignal) {
            node.problems()
                    .invalid(
                            node.pathOf("status"),
                            statuses.stream().sorted().toList(),
                            "the status of an accepted login: with error statuses alone, every"
                                    + " refused login would count as verified");
        }
    }

    static Optional<Pattern> pattern(ConfigNode node, String key) {
        return node.optionalString(key)
                .flatMap(
                        text -> {
                            try {
                                return Optional.of(Pattern.compile(text));
                            } catch (PatternSyntaxException e) {
                                node.problems()
                                        .invalid(node.pathOf(key), text, "a regular expression");
                                return Optional.empty();
                            }
                        });
    }
}
