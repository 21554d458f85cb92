package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a response body against the schema Clerk's spec declares for that operation and status:
 * types, nullability, required and unknown properties, enums, arrays, and oneOf/anyOf. Written here
 * because the validator library's JSON-schema engine gives up on the {@code User} schema.
 */
@SuppressWarnings("rawtypes") // swagger-models hands out raw List<Schema> and Map<String, Schema>.
final class SpecResponseCheck {
    private final OpenAPI api;

    SpecResponseCheck() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        this.api =
                new OpenAPIV3Parser()
                        .read(
                                SpecResponseCheck.class
                                        .getResource("/clerk/bapi-openapi.yml")
                                        .toExternalForm(),
                                null,
                                options);
    }

    /** Problems found, empty when the body fits; {@code path} is under /v1, without a query. */
    List<String> check(String method, String path, int status, JsonNode body) {
        List<String> problems = new ArrayList<>();
        Schema<?> schema = responseSchema(method, path, status, problems);
        if (schema != null) {
            check(body, schema, "$", problems);
        }
        return problems;
    }

    private Schema<?> responseSchema(
            String method, String path, int status, List<String> problems) {
        String relative = path.substring("/v1".length());
        for (Map.Entry<String, PathItem> entry : api.getPaths().entrySet()) {
            String regex = entry.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            if (!Pattern.matches(regex, relative)) {
                continue;
            }
            Operation op =
                    entry.getValue().readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
            if (op == null) {
                continue;
            }
            ApiResponse response = op.getResponses().get(String.valueOf(status));
            if (response == null) {
                // Rate limiting and outages apply to every call though few operations declare them.
                response = api.getComponents().getResponses().get("ClerkErrors");
                if (status != 429 && status != 503 && status != 500) {
                    problems.add(
                            method + " " + entry.getKey() + " declares no " + status + " response");
                    return null;
                }
            }
            if (response.get$ref() != null) {
                response = api.getComponents().getResponses().get(simpleName(response.get$ref()));
            }
            if (response.getContent() == null) {
                // Declared without a body schema (verify_password's 422): nothing to hold it to.
                return null;
            }
            return response.getContent().get("application/json").getSchema();
        }
        problems.add("no operation for " + method + " " + path);
        return null;
    }

    private void check(JsonNode value, Schema<?> schema, String at, List<String> problems) {
        schema = resolve(schema);
        if (value.isNull()) {
            if (!Boolean.TRUE.equals(schema.getNullable())) {
                problems.add(at + ": null but not nullable");
            }
            return;
        }
        List<Schema> alternatives =
                schema.getOneOf() != null ? schema.getOneOf() : schema.getAnyOf();
        if (alternatives != null) {
            for (Schema<?> alternative : alternatives) {
                List<String> attempt = new ArrayList<>();
                check(value, alternative, at, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(at + ": matches none of the oneOf/anyOf alternatives");
            return;
        }
        String type =
                schema.getType() != null
                        ? schema.getType()
                        : schema.getProperties() != null ? "object" : null;
        if (type == null) {
            return;
        }
        switch (type) {
            case "string" -> expect(value.isTextual(), at, "a string", problems);
            case "integer" -> expect(value.isIntegralNumber(), at, "an integer", problems);
            case "number" -> expect(value.isNumber(), at, "a number", problems);
            case "boolean" -> expect(value.isBoolean(), at, "a boolean", problems);
            case "array" -> {
                if (expect(value.isArray(), at, "an array", problems)
                        && schema.getItems() != null) {
                    for (int i = 0; i < value.size(); i++) {
                        check(value.get(i), schema.getItems(), at + "[" + i + "]", problems);
                    }
                }
            }
            case "object" -> checkObject(value, schema, at, problems);
            default -> {}
        }
        if (schema.getEnum() != null
                && value.isTextual()
                && !schema.getEnum().contains(value.asText())) {
            problems.add(at + ": " + value.asText() + " is not one of " + schema.getEnum());
        }
    }

    private void checkObject(JsonNode value, Schema<?> schema, String at, List<String> problems) {
        if (!expect(value.isObject(), at, "an object", problems)) {
            return;
        }
        Map<String, Schema> properties =
                schema.getProperties() == null ? Map.of() : schema.getProperties();
        if (schema.getRequired() != null) {
            for (String required : schema.getRequired()) {
                if (!value.has(required)) {
                    problems.add(at + "." + required + ": required but missing");
                }
            }
        }
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            Schema<?> property = properties.get(name);
            if (property != null) {
                check(value.get(name), property, at + "." + name, problems);
            } else if (Boolean.FALSE.equals(schema.getAdditionalProperties())) {
                problems.add(at + "." + name + ": not a property of the schema");
            }
        }
    }

    private Schema<?> resolve(Schema<?> schema) {
        while (schema.get$ref() != null) {
            schema = api.getComponents().getSchemas().get(simpleName(schema.get$ref()));
        }
        return schema;
    }

    private static boolean expect(boolean ok, String at, String what, List<String> problems) {
        if (!ok) {
            problems.add(at + ": expected " + what);
        }
        return ok;
    }

    private static String simpleName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
