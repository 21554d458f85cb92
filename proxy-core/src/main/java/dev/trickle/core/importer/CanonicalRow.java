package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.legacy.LegacyIdentity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a row in Trickle's generic schema (the legacy query's columns: {@code id}, {@code
 * email}, {@code email_verified}, {@code username}, {@code first_name}, {@code last_name}, {@code
 * created_at}, {@code password_digest}, {@code password_salt}, plus {@code password_hasher}) and
 * builds the identity. Every source format is translated to this schema first, so all of them are
 * validated by the same rules.
 */
final class CanonicalRow {
    /** Clerk's own check, as loose as RFC 5321 allows in practice: one @, a dot in the domain. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private static final Pattern EPOCH = Pattern.compile("\\d{1,15}");
    private static final Set<String> TRUE = Set.of("true", "t", "1", "yes", "y");
    private static final Set<String> FALSE = Set.of("false", "f", "0", "no", "n");

    private CanonicalRow() {}

    static MappedRow validate(long row, ObjectNode fields) {
        Optional<String> id = text(fields, "id");
        if (id.isEmpty()) {
            return new MappedRow.Rejected(
                    row, Optional.empty(), new RowProblem("id", "missing: every user needs an id"));
        }
        try {
            Optional<String> email = text(fields, "email");
            if (email.isPresent() && !EMAIL.matcher(email.get()).matches()) {
                throw new Invalid("email", "not an email address");
            }
            Optional<String> username = text(fields, "username");
            if (email.isEmpty() && username.isEmpty()) {
                throw new Invalid(
                        "email", "missing, and no username either: Clerk needs an identifier");
            }
            Optional<String> digest = text(fields, "password_digest");
            Optional<String> salt = text(fields, "password_salt");
            if (salt.isPresent() && digest.isEmpty()) {
                throw new Invalid("password_salt", "given without a password_digest");
            }
            LegacyIdentity identity =
                    new LegacyIdentity(
                            id.get(),
                            email,
                            bool(fields, "email_verified"),
                            username,
                            text(fields, "first_name"),
                            text(fields, "last_name"),
                            instant(fields, "created_at"),
                            digest,
                            salt);
            return new MappedRow.Accepted(
                    row,
                    identity,
                    text(fields, "password_hasher").map(h -> h.toLowerCase(Locale.ROOT)));
        } catch (Invalid e) {
            return new MappedRow.Rejected(row, id, new RowProblem(e.field, e.getMessage()));
        }
    }

    private static Optional<String> text(ObjectNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static Optional<Boolean> bool(ObjectNode fields, String name) throws Invalid {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (TRUE.contains(text)) {
            return Optional.of(true);
        }
        if (FALSE.contains(text)) {
            return Optional.of(false);
        }
        throw new Invalid(name, "not a boolean (expected: true or false)");
    }

    private static Optional<Instant> instant(ObjectNode fields, String name) throws Invalid {
        Optional<String> text = text(fields, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        if (EPOCH.matcher(value).matches()) {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(value));
            } catch (DateTimeParseException e2) {
                throw new Invalid(
                        name,
                        "not a time (expected: RFC 3339 such as 2021-03-04T05:06:07Z, or Unix"
                                + " milliseconds)");
            }
        }
    }

    /** A field that fails its rule; caught in {@link #validate} and turned into a rejection. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }
}
