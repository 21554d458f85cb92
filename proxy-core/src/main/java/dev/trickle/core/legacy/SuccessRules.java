package dev.trickle.core.legacy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.login.LegacyResponse;
import java.io.IOException;
import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to tell, from the legacy app's own answer, that a login succeeded. Every configured rule must
 * hold, and at least one of them must be a positive signal ({@link #hasPositiveSignal()}): a status
 * listed, a redirect target that must match, a cookie that must be set, a JSON member that must be
 * there. Without {@code statuses} an answer of 400 or more is never a success. A typical form
 * login: status 302 and the stack's logged-in cookie; a typical JSON login: status 200 and a user
 * id in the body.
 *
 * @param statuses accepted status codes; empty accepts 2xx and 3xx only
 * @param locationMatches the redirect target must match (found anywhere in it)
 * @param locationNotMatches the redirect target must not match, e.g. {@code /login}
 * @param setsCookie a cookie whose name matches this pattern ({@code *} for any run of name
 *     characters, e.g. {@code wordpress_logged_in_*}) must be set with a non-empty value
 * @param jsonPointer this member must be present (and not null) in the JSON body
 * @param jsonEquals when set, the member at {@code jsonPointer} must equal this text
 */
public record SuccessRules(
        Set<Integer> statuses,
        Optional<Pattern> locationMatches,
        Optional<Pattern> locationNotMatches,
        Optional<String> setsCookie,
        Optional<JsonPointer> jsonPointer,
        Optional<String> jsonEquals) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SuccessRules {
        statuses = Set.copyOf(statuses);
    }

    /**
     * Whether some rule says what a success looks like, rather than only what it is not: a route
     * without one would take answers that are no login at all (a 401, another action's redirect)
     * for one.
     */
    public boolean hasPositiveSignal() {
        return !statuses.isEmpty()
                || locationMatches.isPresent()
                || setsCookie.isPresent()
                || jsonPointer.isPresent();
    }

    public boolean isSuccess(LegacyResponse response) {
        if (!hasPositiveSignal()) {
            return false;
        }
        boolean statusAccepted =
                statuses.isEmpty()
                        ? response.status() >= 200 && response.status() < 400
                        : statuses.contains(response.status());
        if (!statusAccepted) {
            return false;
        }
        Optional<String> location = response.headers().first("Location");
        if (locationMatches.isPresent()
                && (location.isEmpty() || !locationMatches.get().matcher(location.get()).find())) {
            return false;
        }
        if (locationNotMatches.isPresent()
                && location.isPresent()
                && locationNotMatches.get().matcher(location.get()).find()) {
            return false;
        }
        if (setsCookie.isPresent()
                && !setsCookie(response.headers().all("Set-Cookie"), setsCookie.get())) {
            return false;
        }
        if (jsonPointer.isPresent()) {
            JsonNode member = json(response.body()).at(jsonPointer.get());
            if (member.isMissingNode() || member.isNull()) {
                return false;
            }
            return jsonEquals.isEmpty() || jsonEquals.get().equals(member.asText());
        }
        return true;
    }

    private static boolean setsCookie(List<String> setCookieHeaders, String name) {
        return !cookiesSet(setCookieHeaders, name).isEmpty();
    }

    /**
     * The values of the live cookies the answer sets whose names match {@code namePattern}: not
     * empty, not expired (a logout clears cookies with a date in the past).
     */
    static List<String> cookiesSet(List<String> setCookieHeaders, String namePattern) {
        Pattern name = cookieName(namePattern);
        List<String> values = new ArrayList<>();
        for (String header : setCookieHeaders) {
            try {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (name.matcher(cookie.getName()).matches()
                            && !cookie.getValue().isBlank()
                            && !cookie.hasExpired()) {
                        values.add(cookie.getValue());
                    }
                }
            } catch (IllegalArgumentException e) {
                // A malformed Set-Cookie sets nothing we can rely on.
            }
        }
        return values;
    }

    /** {@code *} stands for any run of cookie-name characters; everything else is literal. */
    static Pattern cookieName(String glob) {
        StringBuilder regex = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[^\\s=;,]*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null
                    ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : node;
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
