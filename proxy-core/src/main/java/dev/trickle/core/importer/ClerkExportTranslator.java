package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CSV the Clerk Dashboard exports ({@code id, first_name, last_name, username,
 * primary_email_address, primary_phone_number, verified_email_addresses,
 * unverified_email_addresses, verified_phone_numbers, unverified_phone_numbers, totp_secret,
 * password_digest, password_hasher}). The source user's id becomes the legacy id; the primary email
 * (else the first verified, else the first unverified one) is the email, verified when the export
 * lists it as verified. Phone numbers and TOTP secrets are not imported.
 */
final class ClerkExportTranslator implements RowTranslator {

    @Override
    public MappedRow map(long row, ObjectNode fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        copy(fields, "id", out, "id");
        copy(fields, "first_name", out, "first_name");
        copy(fields, "last_name", out, "last_name");
        copy(fields, "username", out, "username");
        copy(fields, "password_digest", out, "password_digest");
        copy(fields, "password_hasher", out, "password_hasher");
        copy(fields, "created_at", out, "created_at");
        List<String> verified = addresses(fields.get("verified_email_addresses"));
        List<String> unverified = addresses(fields.get("unverified_email_addresses"));
        Optional<String> email =
                text(fields.get("primary_email_address"))
                        .or(() -> verified.stream().findFirst())
                        .or(() -> unverified.stream().findFirst());
        email.ifPresent(
                e -> {
                    out.put("email", e);
                    // With neither list the export says nothing: unknown, which the migration
                    // policy decides (reserved unless the operator declared otherwise).
                    if (!verified.isEmpty() || !unverified.isEmpty()) {
                        out.put(
                                "email_verified",
                                verified.stream().anyMatch(v -> v.equalsIgnoreCase(e)));
                    }
                });
        return CanonicalRow.validate(row, out);
    }

    /** A cell may list several addresses, separated by commas, pipes or spaces. */
    private static List<String> addresses(JsonNode cell) {
        return text(cell)
                .map(
                        t ->
                                Arrays.stream(t.split("[,|\\s]+"))
                                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                                        .filter(s -> !s.isEmpty())
                                        .toList())
                .orElse(List.of());
    }

    private static Optional<String> text(JsonNode value) {
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.asText().trim());
    }

    private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
        text(from.get(name)).ifPresent(v -> to.put(as, v));
    }
}
