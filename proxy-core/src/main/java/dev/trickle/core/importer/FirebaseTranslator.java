package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Firebase's {@code auth:export} JSON ({@code {"users": [...]}}): {@code localId}, {@code email},
 * {@code emailVerified}, {@code displayName} (split at its last space into first and last name),
 * {@code createdAt} (Unix milliseconds, as a string), and for password users {@code passwordHash}
 * and {@code salt}, which become a {@code scrypt_firebase} digest with the project's parameters.
 */
final class FirebaseTranslator implements RowTranslator {
    private final Optional<FirebaseHashConfig> hashConfig;

    FirebaseTranslator(Optional<FirebaseHashConfig> hashConfig) {
        this.hashConfig = hashConfig;
    }

    @Override
    public MappedRow map(long row, ObjectNode fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        copy(fields, "localId", out, "id");
        copy(fields, "email", out, "email");
        copy(fields, "emailVerified", out, "email_verified");
        copy(fields, "createdAt", out, "created_at");
        text(fields.get("displayName"))
                .ifPresent(
                        name -> {
                            int cut = name.lastIndexOf(' ');
                            if (cut < 0) {
                                out.put("first_name", name);
                            } else {
                                out.put("first_name", name.substring(0, cut).trim());
                                out.put("last_name", name.substring(cut + 1));
                            }
                        });
        Optional<String> hash = text(fields.get("passwordHash"));
        if (hash.isPresent()) {
            Optional<String> salt = text(fields.get("salt"));
            if (salt.isEmpty()) {
                return rejected(row, out, new RowProblem("salt", "missing beside passwordHash"));
            }
            if (hashConfig.isEmpty()) {
                // Without the project's parameters the digest cannot be checked by anyone.
                out.put("password_digest", hash.get());
                out.put("password_hasher", "scrypt_firebase");
            } else {
                out.put("password_digest", hashConfig.get().digest(hash.get(), salt.get()));
            }
        }
        return CanonicalRow.validate(row, out);
    }

    private static MappedRow rejected(long row, ObjectNode out, RowProblem problem) {
        return new MappedRow.Rejected(row, text(out.get("id")), problem);
    }

    private static Optional<String> text(JsonNode value) {
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.asText().trim());
    }

    private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
        JsonNode value = from.get(name);
        if (value != null && value.isValueNode() && !value.isNull()) {
            to.set(as, value);
        }
    }
}
