package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Auth0's bulk user export in its JSON-compatible format (NDJSON from {@code POST
 * /api/v2/jobs/users-exports}): {@code user_id}, {@code email}, {@code email_verified}, {@code
 * username}, {@code given_name}, {@code family_name}, {@code created_at}. Auth0 gives password
 * hashes only through a support request; that export names the user {@code _id.$oid} and carries a
 * bcrypt {@code passwordHash}, so both layouts are read. Such a user's legacy id is {@code
 * auth0|<oid>}, the {@code user_id} Auth0 shows for database users.
 */
final class Auth0Translator implements RowTranslator {

    @Override
    public MappedRow map(long row, ObjectNode fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode oid = fields.path("_id").path("$oid");
        if (fields.hasNonNull("user_id")) {
            out.set("id", fields.get("user_id"));
        } else if (oid.isTextual()) {
            out.put("id", "auth0|" + oid.asText());
        }
        copy(fields, "email", out, "email");
        copy(fields, "email_verified", out, "email_verified");
        copy(fields, "username", out, "username");
        copy(fields, "given_name", out, "first_name");
        copy(fields, "family_name", out, "last_name");
        JsonNode created = fields.get("created_at");
        if (created != null && created.isObject() && created.hasNonNull("$date")) {
            out.set("created_at", created.get("$date"));
        } else {
            copy(fields, "created_at", out, "created_at");
        }
        copy(fields, "passwordHash", out, "password_digest");
        return CanonicalRow.validate(row, out);
    }

    private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
        JsonNode value = from.get(name);
        if (value != null && value.isValueNode() && !value.isNull()) {
            to.set(as, value);
        }
    }
}
