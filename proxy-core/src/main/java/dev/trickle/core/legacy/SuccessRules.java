package dev.trickle.core.legacy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.login.LegacyResponse;
import java.io.IOException;
import java.net.HttpCookie;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to tell, from the legacy app's own answer, that a login succeeded. Every configured rule must
 * hold; unconfigured rules are not checked. A typical form login: status 302, a Location not back
 * to the login page, a session cookie set. A typical JSON login: status 200 and a user id in the
 * body.
 *
 * @param statuses accepted status codes; empty accepts any
 * @param locationMatches the redirect target must match (found anywhere in it)
 * @param locationNotMatches the redirect target must not match, e.g. {@code /login}
 * @param setsCookie a cookie of this name must be set with a non-empty value
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

    public boolean isSuccess(LegacyResponse response) {
        if (!statuses.isEmpty() && !statuses.contains(response.status())) {
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
        for (String header : setCookieHeaders) {
            try {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (cookie.getName().equals(name)
                            && !cookie.getValue().isEmpty()
                            && cookie.getMaxAge() != 0) {
                        return true;
                    }
                }
            } catch (IllegalArgumentException e) {
                // A malformed Set-Cookie sets nothing we can rely on.
            }
        }
        return false;
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
