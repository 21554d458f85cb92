package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mindrot.jbcrypt.BCrypt;

/** The users endpoints, with Clerk's rules; called after authentication and spec validation. */
final class UsersApi {
    private static final String ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MIN_PASSWORD_LENGTH = 8;

    /** Passwords topping published breach lists; Clerk checks a far larger list. */
    private static final Set<String> PWNED =
            Set.of(
                    "password",
                    "12345678",
                    "123456789",
                    "1234567890",
                    "qwertyuiop",
                    "password1",
                    "iloveyou",
                    "11111111",
                    "00000000",
                    "abc12345",
                    "qwerty123",
                    "1q2w3e4r",
                    "password123",
                    "football",
                    "baseball",
                    "sunshine",
                    "princess",
                    "welcome1",
                    "letmein1",
                    "trustno1");

    private final UserStore store;
    private final Clock clock;
    private final int maxUsers;
    private final SecureRandom random = new SecureRandom();
    private final PasswordChecks passwords;

    UsersApi(UserStore store, Clock clock, int maxUsers, PasswordChecks passwords) {
        this.store = store;
        this.clock = clock;
        this.maxUsers = maxUsers;
        this.passwords = passwords;
    }

    EmulatorResponse create(ObjectNode body) {
        long now = clock.millis();
        List<String> addresses = strings(body.get("email_address"));
        List<String> statuses = strings(body.get("email_address_identification_status"));
        if (body.has("email_address_identification_status")
                && statuses.size() != addresses.size()) {
            return ClerkErrors.invalid(
                    "form_param_array_length_mismatch",
                    "email_address_identification_status",
                    "email_address_identification_status must have one entry per email address");
        }
        List<EmulatedUser.Email> emails = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (!EMAIL.matcher(addresses.get(i)).matches()) {
                return ClerkErrors.invalid(
                        "form_param_format_invalid",
                        "email_address",
                        "email_address must be a valid email address.");
            }
            boolean reserved = i < statuses.size() && statuses.get(i).equals("reserved");
            emails.add(
                    new EmulatedUser.Email(
                            "idn_" + randomId(), addresses.get(i), reserved, !reserved, now));
        }
        long createdAt = now;
        if (has(body, "created_at")) {
            try {
                createdAt =
                        OffsetDateTime.parse(body.get("created_at").asText())
                                .toInstant()
                                .toEpochMilli();
            } catch (DateTimeParseException e) {
                return ClerkErrors.invalid(
                        "form_param_invalid_time",
                        "created_at",
                        "created_at must be a valid RFC3339 date-time.");
            }
        }
        if (emails.isEmpty() && !has(body, "username") && !has(body, "external_id")) {
            return ClerkErrors.invalid(
                    "form_data_missing",
                    "email_address",
                    "data doesn't match user requirements set for this instance");
        }
        PasswordFields password = passwordFields(body);
        if (password.error() != null) {
            return password.error();
        }
        if (password.none() && !bool(body, "skip_password_requirement")) {
            return ClerkErrors.invalid(
                    "form_data_missing",
                    "password",
                    "data doesn't match user requirements set for this instance");
        }
        EmulatedUser user =
                new EmulatedUser(
                        "user_" + randomId(),
                        text(body, "external_id"),
                        text(body, "username"),
                        text(body, "first_name"),
                        text(body, "last_name"),
                        emails,
                        password.bcrypt(),
                        password.digest(),
                        password.hasher(),
                        object(body, "public_metadata"),
                        object(body, "private_metadata"),
                        createdAt,
                        now);
        synchronized (store) {
            Optional<String> taken = store.conflict(user);
            if (taken.isPresent()) {
                return ClerkErrors.identifierExists(taken.get());
            }
            if (store.size() >= maxUsers) {
                return ClerkErrors.of(
                        HttpResponseStatus.FORBIDDEN,
                        "user_quota_exceeded",
                        "User quota exceeded",
                        "You have reached your limit of " + maxUsers + " users.");
            }
            store.put(user);
        }
        return ok(UserJson.render(user, now));
    }

    EmulatorResponse update(String id, ObjectNode body) {
        long now = clock.millis();
        synchronized (store) {
            Optional<EmulatedUser> found = store.get(id);
            if (found.isEmpty()) {
                return ClerkErrors.notFound("user with id " + id);
            }
            EmulatedUser u = found.get();
            PasswordFields password = passwordFields(body);
            if (password.error() != null) {
                return password.error();
            }
            EmulatedUser changed =
                    u.with(
                            body.has("external_id") ? text(body, "external_id") : u.externalId(),
                            body.has("username") ? text(body, "username") : u.username(),
                            body.has("first_name") ? text(body, "first_name") : u.firstName(),
                            body.has("last_name") ? text(body, "last_name") : u.lastName(),
                            password.none() ? u.passwordBcrypt() : password.bcrypt(),
                            password.none() ? u.passwordDigest() : password.digest(),
                            password.none() ? u.passwordHasher() : password.hasher(),
                            now);
            Optional<String> taken = store.conflict(changed);
            if (taken.isPresent()) {
                return ClerkErrors.identifierExists(taken.get());
            }
            store.put(changed);
            return ok(UserJson.render(changed, now));
        }
    }

    /**
     * {@code POST /email_addresses}: a new address on an existing user, its primary one if asked;
     * an address any user already has is refused as Clerk refuses it.
     */
    EmulatorResponse addEmail(ObjectNode body) {
        String userId = text(body, "user_id");
        String address = text(body, "email_address");
        if (address == null || !EMAIL.matcher(address).matches()) {
            return ClerkErrors.invalid(
                    "form_param_format_invalid",
                    "email_address",
                    "email_address must be a valid email address.");
        }
        long now = clock.millis();
        synchronized (store) {
            Optional<EmulatedUser> found = store.get(userId);
            if (found.isEmpty()) {
                return ClerkErrors.notFound("user with id " + userId);
            }
            EmulatedUser u = found.get();
            boolean taken =
                    u.emails().stream().anyMatch(e -> e.address().equalsIgnoreCase(address));
            // Clerk: verified unless "verified": false; an unverified address is not reserved.
            boolean verified = !body.has("verified") || bool(body, "verified");
            EmulatedUser.Email email =
                    new EmulatedUser.Email("idn_" + randomId(), address, false, verified, now);
            EmulatedUser changed = u.withEmail(email, bool(body, "primary"), now);
            if (taken || store.conflict(changed).isPresent()) {
                return ClerkErrors.identifierExists("email_address");
            }
            store.put(changed);
            return ok(UserJson.email(email));
        }
    }

    EmulatorResponse updateMetadata(String id, ObjectNode body) {
        synchronized (store) {
            Optional<EmulatedUser> found = store.get(id);
            if (found.isEmpty()) {
                return ClerkErrors.notFound("user with id " + id);
            }
            EmulatedUser u = found.get();
            ObjectNode pub = merge(u.publicMetadata(), body.get("public_metadata"));
            ObjectNode priv = merge(u.privateMetadata(), body.get("private_metadata"));
            EmulatedUser changed = u.withMetadata(pub, priv, clock.millis());
            store.put(changed);
            return ok(UserJson.render(changed, changed.updatedAt()));
        }
    }

    EmulatorResponse get(String id) {
        return store.get(id)
                .map(u -> ok(UserJson.render(u, u.updatedAt())))
                .orElseGet(() -> ClerkErrors.notFound("user with id " + id));
    }

    EmulatorResponse delete(String id) {
        return store.remove(id)
                .map(
                        u -> {
                            ObjectNode n = EmulatorJson.MAPPER.createObjectNode();
                            n.put("object", "user").put("id", u.id()).put("deleted", true);
                            if (u.externalId() != null) {
                                n.put("external_id", u.externalId());
                            }
                            return ok(n);
                        })
                .orElseGet(() -> ClerkErrors.notFound("user with id " + id));
    }

    EmulatorResponse verifyPassword(String id, ObjectNode body) {
        Optional<EmulatedUser> found = store.get(id);
        if (found.isEmpty()) {
            return ClerkErrors.notFound("user with id " + id);
        }
        EmulatedUser u = found.get();
        if (!u.hasPassword()) {
            return ClerkErrors.of(
                    HttpResponseStatus.BAD_REQUEST,
                    "password_not_set",
                    "no password",
                    "This user has no password set.");
        }
        if (!passwords.matches(u, text(body, "password"))) {
            return ClerkErrors.invalid(
                    "form_password_incorrect",
                    "password",
                    "Password is incorrect. Try again, or use another method.");
        }
        return ok(EmulatorJson.MAPPER.createObjectNode().put("verified", true));
    }

    EmulatorResponse list(Map<String, List<String>> query) {
        Optional<EmulatorResponse> invalid = checkFilterSizes(query);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        String order = first(query, "order_by").orElse("-created_at");
        boolean descending = !order.equals("created_at") && !order.equals("+created_at");
        List<EmulatedUser> users = store.find(UserFilter.of(query), descending);
        int limit = first(query, "limit").map(Integer::parseInt).orElse(10);
        int offset = first(query, "offset").map(Integer::parseInt).orElse(0);
        Optional<String> after = first(query, "starting_after");
        if (after.isPresent()) {
            int index = -1;
            for (int i = 0; i < users.size(); i++) {
                if (users.get(i).id().equals(after.get())) {
                    index = i;
                }
            }
            if (index < 0) {
                return ClerkErrors.invalid(
                        "form_param_value_invalid",
                        "starting_after",
                        "starting_after is not a user of this list");
            }
            offset = index + 1;
        }
        ArrayNode out = EmulatorJson.MAPPER.createArrayNode();
        for (int i = offset; i < Math.min(users.size(), offset + limit); i++) {
            out.add(UserJson.render(users.get(i), users.get(i).updatedAt()));
        }
        return new EmulatorResponse(HttpResponseStatus.OK, out);
    }

    EmulatorResponse count(Map<String, List<String>> query) {
        Optional<EmulatorResponse> invalid = checkFilterSizes(query);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ObjectNode n = EmulatorJson.MAPPER.createObjectNode();
        n.put("object", "total_count")
                .put("total_count", store.find(UserFilter.of(query), true).size());
        return ok(n);
    }

    private static Optional<EmulatorResponse> checkFilterSizes(Map<String, List<String>> query) {
        for (String name : UserFilter.LIST_PARAMETERS) {
            if (query.getOrDefault(name, List.of()).size() > 100) {
                return Optional.of(
                        ClerkErrors.invalid(
                                "form_param_max_length_exceeded",
                                name,
                                name + " accepts at most 100 values."));
            }
        }
        return Optional.empty();
    }

    private PasswordFields passwordFields(ObjectNode body) {
        String plain = text(body, "password");
        String digest = text(body, "password_digest");
        String hasher = text(body, "password_hasher");
        if (plain != null) {
            if (!bool(body, "skip_password_checks")) {
                if (plain.length() < MIN_PASSWORD_LENGTH) {
                    return PasswordFields.failed(
                            ClerkErrors.invalid(
                                    "form_password_length_too_short",
                                    "password",
                                    "Passwords must be "
                                            + MIN_PASSWORD_LENGTH
                                            + " characters or more."));
                }
                if (PWNED.contains(plain.toLowerCase(Locale.ROOT))) {
                    return PasswordFields.failed(
                            ClerkErrors.invalid(
                                    "form_password_pwned",
                                    "password",
                                    "Password has been found in an online data breach. For account safety, please use a different password."));
                }
            }
            return new PasswordFields(BCrypt.hashpw(plain, BCrypt.gensalt(4)), null, null, null);
        }
        if (digest != null || hasher != null) {
            if (hasher == null) {
                return PasswordFields.failed(
                        ClerkErrors.invalid(
                                "form_param_missing",
                                "password_hasher",
                                "password_hasher must be included."));
            }
            if (digest == null) {
                return PasswordFields.failed(
                        ClerkErrors.invalid(
                                "form_param_missing",
                                "password_digest",
                                "password_digest must be included."));
            }
            if (DigestShapes.unknownHasher(hasher).isPresent()) {
                return PasswordFields.failed(
                        ClerkErrors.invalid(
                                "form_param_value_invalid",
                                "password_hasher",
                                "password_hasher is invalid"));
            }
            if (!DigestShapes.fits(hasher, digest)) {
                return PasswordFields.failed(
                        ClerkErrors.invalid(
                                "form_password_digest_invalid_code",
                                "password_digest",
                                "The provided password_digest is not valid for the provided password_hasher"));
            }
            return new PasswordFields(null, digest, hasher, null);
        }
        return new PasswordFields(null, null, null, null);
    }

    private record PasswordFields(
            String bcrypt, String digest, String hasher, EmulatorResponse error) {
        static PasswordFields failed(EmulatorResponse error) {
            return new PasswordFields(null, null, null, error);
        }

        boolean none() {
            return bcrypt == null && digest == null;
        }
    }

    private static ObjectNode merge(ObjectNode current, JsonNode patch) {
        ObjectNode base =
                current == null ? EmulatorJson.MAPPER.createObjectNode() : current.deepCopy();
        if (patch instanceof ObjectNode p) {
            for (Map.Entry<String, JsonNode> f : p.properties()) {
                if (f.getValue().isNull()) {
                    base.remove(f.getKey());
                } else if (f.getValue().isObject()
                        && base.get(f.getKey()) instanceof ObjectNode inner) {
                    base.set(f.getKey(), merge(inner, f.getValue()));
                } else {
                    base.set(f.getKey(), f.getValue());
                }
            }
        }
        return base;
    }

    private String randomId() {
        StringBuilder id = new StringBuilder(27);
        for (int i = 0; i < 27; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private static EmulatorResponse ok(JsonNode body) {
        return new EmulatorResponse(HttpResponseStatus.OK, body);
    }

    private static boolean has(ObjectNode body, String field) {
        return body.hasNonNull(field);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean bool(ObjectNode body, String field) {
        return body.path(field).asBoolean(false);
    }

    private static ObjectNode object(ObjectNode body, String field) {
        return body.get(field) instanceof ObjectNode o ? o : EmulatorJson.MAPPER.createObjectNode();
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
