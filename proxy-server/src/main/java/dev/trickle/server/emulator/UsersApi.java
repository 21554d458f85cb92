package dev.trickle.server.emulator;

import static dev.trickle.server.emulator.EmulatorResponse.ok;
import static dev.trickle.server.emulator.RequestFields.bool;
import static dev.trickle.server.emulator.RequestFields.has;
import static dev.trickle.server.emulator.RequestFields.object;
import static dev.trickle.server.emulator.RequestFields.strings;
import static dev.trickle.server.emulator.RequestFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The users endpoints that change users or check their passwords, with Clerk's rules; called after
 * authentication and spec validation. Reads are {@link UserQueries}.
 */
final class UsersApi {
    private static final String ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

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
        PasswordFields password = PasswordFields.of(body);
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
        return withUser(
                id,
                u -> {
                    PasswordFields password = PasswordFields.of(body);
                    if (password.error() != null) {
                        return password.error();
                    }
                    EmulatedUser changed =
                            u.with(
                                    body.has("external_id")
                                            ? text(body, "external_id")
                                            : u.externalId(),
                                    body.has("username") ? text(body, "username") : u.username(),
                                    body.has("first_name")
                                            ? text(body, "first_name")
                                            : u.firstName(),
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
                });
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
        return withUser(
                userId,
                u -> {
                    boolean taken =
                            u.emails().stream()
                                    .anyMatch(e -> e.address().equalsIgnoreCase(address));
                    // Clerk: verified unless "verified": false; an unverified address is not
                    // reserved.
                    boolean verified = !body.has("verified") || bool(body, "verified");
                    EmulatedUser.Email email =
                            new EmulatedUser.Email(
                                    "idn_" + randomId(), address, false, verified, now);
                    EmulatedUser changed = u.withEmail(email, bool(body, "primary"), now);
                    if (taken || store.conflict(changed).isPresent()) {
                        return ClerkErrors.identifierExists("email_address");
                    }
                    store.put(changed);
                    return ok(UserJson.email(email));
                });
    }

    EmulatorResponse updateMetadata(String id, ObjectNode body) {
        return withUser(
                id,
                u -> {
                    ObjectNode pub = merge(u.publicMetadata(), body.get("public_metadata"));
                    ObjectNode priv = merge(u.privateMetadata(), body.get("private_metadata"));
                    EmulatedUser changed = u.withMetadata(pub, priv, clock.millis());
                    store.put(changed);
                    return ok(UserJson.render(changed, changed.updatedAt()));
                });
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

    /**
     * Runs {@code change} on user {@code id} holding the store's lock, so the user it reads is the
     * one it replaces; Clerk's 404 when there is no such user.
     */
    private EmulatorResponse withUser(String id, Function<EmulatedUser, EmulatorResponse> change) {
        synchronized (store) {
            return store.get(id)
                    .map(change)
                    .orElseGet(() -> ClerkErrors.notFound("user with id " + id));
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
}
