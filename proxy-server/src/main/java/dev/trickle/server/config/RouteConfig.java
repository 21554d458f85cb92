package dev.trickle.server.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.trickle.core.credentials.CredentialSource;
import dev.trickle.core.credentials.DuplicatePolicy;
import dev.trickle.core.legacy.IdentityConfirmation;
import dev.trickle.core.legacy.JsonIdentityPointers;
import dev.trickle.core.legacy.SuccessRules;
import dev.trickle.core.login.QueryCondition;
import dev.trickle.core.login.RequestTarget;
import dev.trickle.core.migration.RouteKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One intercepted route (a login, a sign-up, a password change or reset): where it is, where its
 * credentials are, how the old system is asked and what the legacy app's success looks like.
 *
 * @param path as configured; {@link #matchPath()} is what requests are compared with
 * @param subpaths whether paths below {@code path} are the route too (PHP's PATH_INFO)
 * @param query conditions on query parameters a request must meet to be this route
 * @param duplicates what to do with a credential field given more than once
 * @param identity for {@code upstream} routes: the response JSON, the legacy database, or a
 *     current-user URL
 */
public record RouteConfig(
        String name,
        RouteKind kind,
        String method,
        String path,
        boolean subpaths,
        List<QueryCondition> query,
        CredentialSource credentials,
        DuplicatePolicy duplicates,
        Strategy verify,
        long maxBodyBytes,
        SuccessRules success,
        Identity identity) {

    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public RouteConfig {
        query = List.copyOf(query);
    }

    public enum Strategy {
        DATABASE,
        UPSTREAM,
        /** The old system is another Clerk instance ({@code sourceClerk}). */
        CLERK
    }

    /** Where an upstream-verified login's identity comes from. */
    public sealed interface Identity {
        record Json(JsonIdentityPointers pointers) implements Identity {}

        record Database(Confirmation confirm) implements Identity {}

        record CurrentUser(URI url, JsonIdentityPointers pointers) implements Identity {}
    }

    /** How a user read from the legacy database by the typed identifier is confirmed. */
    public sealed interface Confirmation {
        /** The typed password matches the user's digest. */
        record Password() implements Confirmation {}

        record CurrentUser(URI url, JsonPointer id) implements Confirmation {}

        record Cookie(String name, Pattern value, IdentityConfirmation.Field field)
                implements Confirmation {}
    }

    /** The path requests are matched against, as {@link RequestTarget} reads them. */
    public String matchPath() {
        return RequestTarget.normalise(path).orElse(path);
    }

    static RouteConfig read(ConfigNode node) {
        String name = node.requiredString("name", "a short name for metrics and logs");
        RouteKind kind =
                node.named(
                        "kind",
                        RouteKind.LOGIN,
                        RouteKind::ofConfigName,
                        "login, signup, passwordChange or passwordReset");
        String method = node.string("method", "POST").toUpperCase(Locale.ROOT);
        if (!TOKEN.matcher(method).matches()) {
            node.problems().invalid(node.pathOf("method"), method, "an HTTP method, e.g. POST");
        }
        String path = node.requiredString("path", "the login path, e.g. /accounts/login/");
        if (!path.isEmpty() && RequestTarget.normalise(path).isEmpty()) {
            node.problems()
                    .invalid(
                            node.pathOf("path"),
                            path,
                            "a path from / without query, encoded slash, NUL or dot segment above"
                                    + " the root; put query conditions in query:");
        }
        boolean subpaths = node.bool("subpaths", false);
        List<QueryCondition> query = query(node.section("query"));
        ConfigNode credentialsNode = node.section("credentials");
        CredentialSource credentials = credentials(credentialsNode, kind);
        Strategy verify =
                node.enumValue(
                        "verify", kind == RouteKind.LOGIN ? Strategy.DATABASE : Strategy.UPSTREAM);
        if (kind != RouteKind.LOGIN && verify != Strategy.UPSTREAM) {
            node.problems()
                    .invalid(
                            node.pathOf("verify"),
                            verify.name().toLowerCase(Locale.ROOT),
                            "upstream: a "
                                    + kind.configName()
                                    + " counts only once the legacy app has accepted it");
        }
        long maxBody = node.bytes("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 256, 10 * 1024 * 1024);
        SuccessRules success = RouteSuccess.read(node);
        if (verify != Strategy.UPSTREAM && node.has("identity")) {
            node.problems()
                    .add(
                            node.pathOf("identity"),
                            "given with verify: "
                                    + verify.name().toLowerCase(Locale.ROOT)
                                    + " (expected: only with verify: upstream)");
        }
        Identity identity = RouteIdentity.read(node.section("identity"));
        node.rejectUnknownKeys();
        return new RouteConfig(
                name,
                kind,
                method,
                path,
                subpaths,
                query,
                credentials,
                credentialsNode.named(
                        "duplicates",
                        DuplicatePolicy.REFUSE,
                        DuplicatePolicy::ofConfigName,
                        "refuse, first or last (the copy the app's stack reads)"),
                verify,
                maxBody,
                success,
                identity);
    }

    /** {@code query: {action: {values: [login], absent: true}}}: every condition must be met. */
    private static List<QueryCondition> query(ConfigNode node) {
        List<QueryCondition> conditions = new ArrayList<>();
        for (String parameter : node.keys()) {
            ConfigNode condition = node.section(parameter);
            List<String> values = condition.strings("values");
            boolean absent = condition.bool("absent", false);
            if (values.isEmpty() && !absent) {
                condition
                        .problems()
                        .add(
                                condition.path(),
                                "meets no request (expected: values, absent: true, or both)");
            }
            condition.rejectUnknownKeys();
            conditions.add(new QueryCondition(parameter, new HashSet<>(values), absent));
        }
        return conditions;
    }

    /**
     * A password change or reset usually names no user (the session or the reset token does): there
     * the identifier is read only if configured.
     */
    private static CredentialSource credentials(ConfigNode node, RouteKind kind) {
        CredentialSource source;
        boolean identifierOptional = kind.setsPassword();
        if (node.has("json")) {
            ConfigNode json = node.section("json");
            JsonPointer password = pointer(json, "password", "/password");
            source =
                    identifierOptional && !json.has("identifier")
                            ? CredentialSource.JsonPointers.passwordOnly(password)
                            : new CredentialSource.JsonPointers(
                                    pointer(json, "identifier", "/email"), password);
            json.rejectUnknownKeys();
        } else if (node.bool("basic", false)) {
            source = new CredentialSource.BasicAuth();
        } else {
            ConfigNode form = node.section("form");
            String password = form.string("password", "password");
            source =
                    identifierOptional && !form.has("identifier")
                            ? CredentialSource.FormFields.passwordOnly(password)
                            : new CredentialSource.FormFields(
                                    form.string("identifier", "username"), password);
            form.rejectUnknownKeys();
        }
        node.section("form");
        node.section("json");
        node.string("duplicates", "");
        node.rejectUnknownKeys();
        return source;
    }

    static JsonIdentityPointers pointers(ConfigNode node) {
        return new JsonIdentityPointers(
                pointer(node, "id", "/id"),
                optionalPointer(node, "email"),
                optionalPointer(node, "emailVerified"),
                optionalPointer(node, "username"),
                optionalPointer(node, "firstName"),
                optionalPointer(node, "lastName"),
                optionalPointer(node, "createdAt"));
    }

    private static JsonPointer pointer(ConfigNode node, String key, String fallback) {
        return compile(node, key, node.string(key, fallback));
    }

    private static Optional<JsonPointer> optionalPointer(ConfigNode node, String key) {
        return node.optionalString(key).map(p -> compile(node, key, p));
    }

    static JsonPointer compile(ConfigNode node, String key, String text) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            node.problems().invalid(node.pathOf(key), text, "a JSON pointer, e.g. /user/email");
            return JsonPointer.empty();
        }
    }

    /**
     * Every route, and a problem for each that an earlier one would always take the requests of:
     * the same method and path, unless both tell their requests apart by query conditions.
     */
    static List<RouteConfig> readAll(ConfigNode root) {
        List<ConfigNode> nodes = root.sections("routes");
        List<RouteConfig> routes = nodes.stream().map(RouteConfig::read).toList();
        for (int i = 0; i < routes.size(); i++) {
            for (int j = 0; j < i; j++) {
                RouteConfig earlier = routes.get(j);
                RouteConfig later = routes.get(i);
                // The name tells routes apart in metrics, logs and /status.
                if (!later.name().isEmpty() && earlier.name().equals(later.name())) {
                    root.problems()
                            .invalid(
                                    nodes.get(i).pathOf("name"),
                                    later.name(),
                                    "a name no earlier route has (routes[" + j + "] has it)");
                }
                if (earlier.method().equals(later.method())
                        && earlier.matchPath().equals(later.matchPath())
                        && (earlier.query().isEmpty() || later.query().isEmpty())) {
                    root.problems()
                            .invalid(
                                    nodes.get(i).pathOf("path"),
                                    later.path(),
                                    "a method and path no earlier route has (routes["
                                            + j
                                            + "] has them), unless both routes have query"
                                            + " conditions");
                }
            }
        }
        return routes;
    }
}
