package dev.trickle.core.legacy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Where a JSON login response (or a "current user" response) carries the user's identity.
 *
 * @param id required: the legacy user id, kept as Clerk's {@code external_id}
 */
public record JsonIdentityPointers(
        JsonPointer id,
        Optional<JsonPointer> email,
        Optional<JsonPointer> emailVerified,
        Optional<JsonPointer> username,
        Optional<JsonPointer> firstName,
        Optional<JsonPointer> lastName,
        Optional<JsonPointer> createdAt) {

    /** The identity in {@code body}, or empty when the id is missing (not a user object). */
    public Optional<LegacyIdentity> read(byte[] body) {
        JsonNode root = SuccessRules.json(body);
        Optional<String> id = text(root, Optional.of(this.id));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new LegacyIdentity(
                        id.get(),
                        text(root, email),
                        emailVerified
                                .map(root::at)
                                .filter(JsonNode::isBoolean)
                                .map(JsonNode::booleanValue),
                        text(root, username),
                        text(root, firstName),
                        text(root, lastName),
                        text(root, createdAt).flatMap(JsonIdentityPointers::instant),
                        Optional.empty(),
                        Optional.empty()));
    }

    private static Optional<String> text(JsonNode root, Optional<JsonPointer> pointer) {
        return pointer.map(root::at)
                .filter(JsonNode::isValueNode)
                .filter(n -> !n.isNull())
                .map(JsonNode::asText)
                .filter(s -> !s.isBlank());
    }

    /** RFC 3339 with offset, or Unix seconds/milliseconds, as legacy APIs write dates. */
    static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e2) {
                try {
                    long n = Long.parseLong(text);
                    return Optional.of(
                            n > 100_000_000_000L
                                    ? Instant.ofEpochMilli(n)
                                    : Instant.ofEpochSecond(n));
                } catch (NumberFormatException e3) {
                    return Optional.empty();
                }
            }
        }
    }
}
