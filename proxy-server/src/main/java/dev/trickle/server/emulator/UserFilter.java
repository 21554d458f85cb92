package dev.trickle.server.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The filters of {@code GET /users} and {@code /users/count}: each list matches any of its values,
 * all given filters must match. Emails and usernames compare case-insensitively, as in Clerk.
 */
record UserFilter(
        List<String> userIds,
        List<String> externalIds,
        List<String> emails,
        List<String> usernames,
        Optional<String> text) {

    static final List<String> LIST_PARAMETERS =
            List.of("external_id", "email_address", "username", "user_id");

    static UserFilter of(Map<String, List<String>> query) {
        List<String> text = query.getOrDefault("query", List.of());
        return new UserFilter(
                query.getOrDefault("user_id", List.of()),
                query.getOrDefault("external_id", List.of()),
                query.getOrDefault("email_address", List.of()).stream()
                        .map(UserFilter::fold)
                        .toList(),
                query.getOrDefault("username", List.of()).stream().map(UserFilter::fold).toList(),
                text.isEmpty() ? Optional.empty() : Optional.of(fold(text.get(0))));
    }

    boolean matches(EmulatedUser u) {
        return (userIds.isEmpty() || userIds.contains(u.id()))
                && (externalIds.isEmpty()
                        || (u.externalId() != null && externalIds.contains(u.externalId())))
                && (emails.isEmpty()
                        || u.emails().stream().anyMatch(e -> emails.contains(fold(e.address()))))
                && (usernames.isEmpty()
                        || (u.username() != null && usernames.contains(fold(u.username()))))
                && text.map(q -> mentions(u, q)).orElse(true);
    }

    static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean mentions(EmulatedUser u, String q) {
        return contains(u.username(), q)
                || contains(u.firstName(), q)
                || contains(u.lastName(), q)
                || contains(u.externalId(), q)
                || contains(u.id(), q)
                || u.emails().stream().anyMatch(e -> contains(e.address(), q));
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && fold(haystack).contains(needle);
    }
}
