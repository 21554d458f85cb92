package dev.trickle.server.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.trickle.core.credentials.CredentialSource;
import dev.trickle.core.legacy.JsonIdentityPointers;
import dev.trickle.core.legacy.SuccessRules;
import dev.trickle.core.migration.RouteKind;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One intercepted route (a login, a sign-up, a password change or reset): where it is, where its
 * credentials are, and how the old system is asked.
 *
 * @param identity for {@code upstream} routes: the response JSON, the legacy database, or a
 *     current-user URL
 */
public record RouteConfig(
        String name,
        RouteKind kind,
        String method,
        String path,
        CredentialSource credentials,
        Strategy verify,
        long maxBodyBytes,
        SuccessRules success,
        Identity identity) {

    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public enum Strategy {
        DATABASE,
        UPSTREAM,
        /** The old system is another Clerk instance ({@code sourceClerk}). */
        CLERK
    }

    /** Where an upstream-verified login's identity comes from. */
    public sealed interface Identity {
        record Json(JsonIdentityPointers pointers) implements Identity {}

        record Database() implements Identity {}

        record CurrentUser(URI url, JsonIdentityPointers pointers) implements Identity {}
    }

    static RouteConfig read(ConfigNode node) {
        String name = node.requiredString("name", "a short name for metrics and logs");
        RouteKind kind = kind(node);
        String method = node.string("method", "POST").toUpperCase(Locale.ROOT);
        String path = node.requiredString("path", "the login path, e.g. /accounts/login/");
        CredentialSource credentials = credentials(node.section("credentials"), kind);
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
        SuccessRules success = success(node.section("success"));
        Identity identity = identity(node.section("identity"), verify);
        node.rejectUnknownKeys();
        return new RouteConfig(
                name, kind, method, path, credentials, verify, maxBody, success, identity);
    }

    private static RouteKind kind(ConfigNode node) {
        String text = node.string("kind", RouteKind.LOGIN.configName());
        Optional<RouteKind> kind = RouteKind.ofConfigName(text);
        if (kind.isEmpty()) {
            node.problems()
                    .invalid(
                            node.pathOf("kind"),
                            text,
                            "login, signup, passwordChange or passwordReset");
        }
        return kind.orElse(RouteKind.LOGIN);
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
        node.rejectUnknownKeys();
        return source;
    }

    private static SuccessRules success(ConfigNode node) {
        Set<Integer> statuses = new HashSet<>();
        for (String status : node.strings("status")) {
            try {
                statuses.add(Integer.parseInt(status.trim()));
            } catch (NumberFormatException e) {
                node.problems()
                        .invalid(node.pathOf("status"), status, "HTTP status codes, e.g. [302]");
            }
        }
        SuccessRules rules =
                new SuccessRules(
                        statuses,
                        pattern(node, "locationMatches"),
                        pattern(node, "locationNotMatches"),
                        node.optionalString("setsCookie"),
                        node.optionalString("jsonPointer")
                                .map(p -> compile(node, "jsonPointer", p)),
                        node.optionalString("jsonEquals"));
        node.rejectUnknownKeys();
        return rules;
    }

    private static Identity identity(ConfigNode node, Strategy verify) {
        Identity identity;
        if (node.has("currentUser")) {
            ConfigNode current = node.section("currentUser");
            URI url =
                    current.url("url", Set.of("http", "https"))
                            .orElse(URI.create("http://127.0.0.1/"));
            identity = new Identity.CurrentUser(url, pointers(current));
            current.rejectUnknownKeys();
        } else if (node.has("json")) {
            ConfigNode json = node.section("json");
            identity = new Identity.Json(pointers(json));
            json.rejectUnknownKeys();
        } else {
            identity = new Identity.Database();
        }
        node.section("json");
        node.section("currentUser");
        node.rejectUnknownKeys();
        return identity;
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

    private static JsonPointer compile(ConfigNode node, String key, String text) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            node.problems().invalid(node.pathOf(key), text, "a JSON pointer, e.g. /user/email");
            return JsonPointer.empty();
        }
    }

    private static Optional<Pattern> pattern(ConfigNode node, String key) {
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

    static List<RouteConfig> readAll(ConfigNode root) {
        return root.sections("routes").stream().map(RouteConfig::read).toList();
    }
}
