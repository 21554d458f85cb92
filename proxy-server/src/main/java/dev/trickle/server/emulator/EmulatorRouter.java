package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers one request the way Clerk does, in Clerk's order: authentication, API version, rate
 * limit, spec validation, then the operation. The admin paths under {@code /__emulator} come first.
 */
final class EmulatorRouter {
    static final Set<String> API_VERSIONS =
            Set.of("2021-02-05", "2024-10-01", "2025-04-10", "2025-11-10", "2026-05-12");
    private static final Pattern SECRET_KEY = Pattern.compile("sk_(test|live)_[A-Za-z0-9]{8,}");
    private static final Pattern USER_PATH =
            Pattern.compile("/v1/users/([^/]+)(/verify_password|/metadata)?");

    private final ClerkEmulator.Settings settings;
    private final SpecValidator spec;
    private final UserQueries queries;
    private final UsersApi users;
    private final Faults faults;
    private final FixedWindowLimiter instanceLimit;
    private final FixedWindowLimiter userUpdateLimit;
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Runnable reset;

    EmulatorRouter(
            ClerkEmulator.Settings settings,
            SpecValidator spec,
            UserQueries queries,
            UsersApi users,
            Faults faults,
            FixedWindowLimiter instanceLimit,
            FixedWindowLimiter userUpdateLimit,
            Runnable reset) {
        this.settings = settings;
        this.spec = spec;
        this.queries = queries;
        this.users = users;
        this.faults = faults;
        this.instanceLimit = instanceLimit;
        this.userUpdateLimit = userUpdateLimit;
        this.reset = reset;
    }

    List<RecordedCall> calls() {
        return calls;
    }

    EmulatorResponse handle(String method, String uri, Map<String, String> headers, byte[] body) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path = decoder.path();
        if (path.startsWith("/__emulator/")) {
            return admin(method, path, body);
        }
        EmulatorResponse response = api(method, path, decoder.parameters(), headers, body);
        calls.add(
                new RecordedCall(
                        method,
                        path,
                        decoder.rawQuery(),
                        response.status().code(),
                        headers.get("clerk-api-version")));
        return response;
    }

    private EmulatorResponse api(
            String method,
            String path,
            Map<String, List<String>> query,
            Map<String, String> headers,
            byte[] body) {
        Optional<EmulatorResponse> denied = authenticate(headers.get("authorization"));
        if (denied.isPresent()) {
            return denied.get();
        }
        String version = headers.get("clerk-api-version");
        boolean queryVersion = query.containsKey("__clerk_api_version");
        if ((version != null && !API_VERSIONS.contains(version))
                || (version != null && queryVersion)) {
            return ClerkErrors.of(
                    HttpResponseStatus.BAD_REQUEST,
                    "api_version_invalid",
                    "Invalid API version",
                    "The Clerk-API-Version given is not a supported version.");
        }
        OptionalLong wait = instanceLimit.acquire(headers.get("authorization"));
        if (wait.isPresent()) {
            return tooManyRequests(wait.getAsLong());
        }
        int failure = faults.failureFor();
        if (failure != 0) {
            return failure == 503
                    ? ClerkErrors.of(
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "service_unavailable",
                            "Service unavailable",
                            "Clerk is temporarily unavailable")
                    : ClerkErrors.of(
                            HttpResponseStatus.valueOf(failure),
                            "internal_clerk_error",
                            "Internal error",
                            "Something went wrong");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, List<String>> validated = new java.util.LinkedHashMap<>(query);
        validated.remove("__clerk_api_version");
        Optional<EmulatorResponse> invalid =
                spec.check(method, path, validated, headers.get("content-type"), text);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        return operation(method, path, validated, text);
    }

    private EmulatorResponse operation(
            String method, String path, Map<String, List<String>> query, String body) {
        if (path.equals("/v1/users")) {
            return method.equals("POST") ? users.create(object(body)) : queries.list(query);
        }
        if (path.equals("/v1/users/count")) {
            return queries.count(query);
        }
        if (path.equals("/v1/email_addresses") && method.equals("POST")) {
            ObjectNode request = object(body);
            OptionalLong wait = userUpdateLimit.acquire(request.path("user_id").asText());
            if (wait.isPresent()) {
                return tooManyRequests(wait.getAsLong());
            }
            return users.addEmail(request);
        }
        Matcher m = USER_PATH.matcher(path);
        if (!m.matches()) {
            return ClerkErrors.notFound("resource at " + path);
        }
        String id = m.group(1);
        String sub = m.group(2) == null ? "" : m.group(2);
        if (method.equals("PATCH")) {
            OptionalLong wait = userUpdateLimit.acquire(id);
            if (wait.isPresent()) {
                return tooManyRequests(wait.getAsLong());
            }
        }
        return switch (method + " " + sub) {
            case "GET " -> queries.get(id);
            case "PATCH " -> users.update(id, object(body));
            case "DELETE " -> users.delete(id);
            case "POST /verify_password" -> users.verifyPassword(id, object(body));
            case "PATCH /metadata" -> users.updateMetadata(id, object(body));
            default -> ClerkErrors.notFound("resource at " + path);
        };
    }

    private Optional<EmulatorResponse> authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of(
                    ClerkErrors.of(
                            HttpResponseStatus.UNAUTHORIZED,
                            "authorization_header_format_invalid",
                            "Invalid Authorization header format",
                            "The Authorization header must be of the form 'Bearer <secret key>'."));
        }
        String key = authorization.substring(7).trim();
        boolean known =
                settings.secretKeys().isEmpty()
                        ? SECRET_KEY.matcher(key).matches()
                        : settings.secretKeys().stream()
                                .anyMatch(
                                        k ->
                                                MessageDigest.isEqual(
                                                        k.getBytes(StandardCharsets.UTF_8),
                                                        key.getBytes(StandardCharsets.UTF_8)));
        if (!known) {
            return Optional.of(
                    ClerkErrors.of(
                            HttpResponseStatus.UNAUTHORIZED,
                            "clerk_key_invalid",
                            "Secret Key is invalid",
                            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct."));
        }
        return Optional.empty();
    }

    private static EmulatorResponse tooManyRequests(long seconds) {
        return ClerkErrors.of(
                        HttpResponseStatus.TOO_MANY_REQUESTS,
                        "too_many_requests",
                        "Too many requests",
                        "Too many requests, retry later")
                .withHeader("Retry-After", Long.toString(seconds));
    }

    private EmulatorResponse admin(String method, String path, byte[] body) {
        switch (method + " " + path) {
            case "POST /__emulator/faults" -> {
                JsonNode json = object(new String(body, StandardCharsets.UTF_8));
                try {
                    faults.apply(json);
                } catch (IllegalArgumentException e) {
                    return ClerkErrors.of(
                            HttpResponseStatus.BAD_REQUEST,
                            "fault_invalid",
                            e.getMessage(),
                            e.getMessage());
                }
                return new EmulatorResponse(HttpResponseStatus.OK, faults.toJson());
            }
            case "GET /__emulator/faults" -> {
                return new EmulatorResponse(HttpResponseStatus.OK, faults.toJson());
            }
            case "POST /__emulator/reset" -> {
                reset.run();
                calls.clear();
                return new EmulatorResponse(
                        HttpResponseStatus.OK,
                        EmulatorJson.MAPPER.createObjectNode().put("reset", true));
            }
            case "GET /__emulator/requests" -> {
                ArrayNode out = EmulatorJson.MAPPER.createArrayNode();
                for (RecordedCall c : calls) {
                    out.add(EmulatorJson.MAPPER.valueToTree(c));
                }
                return new EmulatorResponse(HttpResponseStatus.OK, out);
            }
            default -> {
                return ClerkErrors.notFound("emulator admin endpoint " + path);
            }
        }
    }

    private static ObjectNode object(String body) {
        try {
            JsonNode node = EmulatorJson.MAPPER.readTree(body);
            return node instanceof ObjectNode o ? o : EmulatorJson.MAPPER.createObjectNode();
        } catch (java.io.IOException e) {
            return EmulatorJson.MAPPER.createObjectNode();
        }
    }
}
