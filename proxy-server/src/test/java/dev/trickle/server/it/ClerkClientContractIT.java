package dev.trickle.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.clerk.MetadataUpdate;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.config.Secret;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.RateLimit;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request the Clerk client can send, captured off a real socket and validated against Clerk's
 * OpenAPI spec (path, method, query parameters, headers, body schema with {@code
 * additionalProperties: false}).
 */
final class ClerkClientContractIT {
    private static final String SPEC = "clerk/bapi-openapi.yml";
    private static final String USER =
            """
            {"id":"user_1","object":"user","external_id":"legacy-42","username":null,
             "first_name":null,"last_name":null,"email_addresses":[],"password_enabled":true,
             "created_at":1,"updated_at":1,"public_metadata":{},"banned":false,"locked":false}
            """;

    private static OpenApiInteractionValidator validator;
    private static RequestCaptureServer server;
    private static ClerkClient client;

    @BeforeAll
    static void start() throws Exception {
        validator =
                OpenApiInteractionValidator.createForSpecificationUrl(
                                ClerkClientContractIT.class
                                        .getClassLoader()
                                        .getResource(SPEC)
                                        .toString())
                        .withBasePathOverride("/v1")
                        .build();
        server = new RequestCaptureServer(answers());
        client =
                ClerkClient.builder(
                                ClerkSettings.of(
                                                server.baseUri() + "/v1",
                                                Secret.of("sk_test_contract"))
                                        .withRateLimit(RateLimit.of(1000, Duration.ofSeconds(1))))
                        .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Function<RequestCaptureServer.Captured, RequestCaptureServer.Answer> answers() {
        return request -> {
            String path = request.path();
            if (path.endsWith("/count")) {
                return new RequestCaptureServer.Answer(
                        200, "{\"object\":\"total_count\",\"total_count\":0}");
            }
            if (path.endsWith("/verify_password")) {
                return new RequestCaptureServer.Answer(200, "{\"verified\":true}");
            }
            if (request.method().equals("GET") && path.equals("/v1/users")) {
                return new RequestCaptureServer.Answer(200, "[]");
            }
            if (request.method().equals("DELETE")) {
                return new RequestCaptureServer.Answer(
                        200, "{\"object\":\"user\",\"id\":\"user_1\",\"deleted\":true}");
            }
            return new RequestCaptureServer.Answer(200, USER);
        };
    }

    private static Deadline deadline() {
        return client.deadlineAfter(Duration.ofSeconds(10));
    }

    @Test
    void everyRequestTheClientSendsIsValidPerTheSpec() {
        List<CompletableFuture<? extends ClerkResult<?>>> calls = new ArrayList<>();
        calls.add(client.createUser(fullCreate(), deadline()));
        calls.add(
                client.createUser(CreateUserRequest.builder().externalId("x").build(), deadline()));
        calls.add(
                client.createUser(
                        CreateUserRequest.builder()
                                .emailAddresses(
                                        List.of("a@example.com", "b@example.com"),
                                        List.of(
                                                IdentificationStatus.VERIFIED,
                                                IdentificationStatus.RESERVED))
                                .password("correct horse battery", false)
                                .build(),
                        deadline()));
        for (UserQuery query :
                List.of(
                        UserQuery.all(),
                        UserQuery.byExternalIds(List.of("+a b", "c/d", "é")),
                        UserQuery.byEmailAddresses(List.of("a+tag@example.com")),
                        UserQuery.byUsernames(List.of("ada", "bob")))) {
            calls.add(client.listUsers(query, Page.first(500), deadline()));
            calls.add(client.listUsers(query, new Page(1, "user_2abc"), deadline()));
            calls.add(client.countUsers(query, deadline()));
        }
        calls.add(client.forEachPage(UserQuery.all(), 10, deadline(), page -> {}));
        calls.add(client.getUser("user_1", deadline()));
        for (UpdateUserRequest update :
                List.of(
                        UpdateUserRequest.externalId("legacy-42"),
                        UpdateUserRequest.names("Ada", "Lovelace"),
                        UpdateUserRequest.profile("ada", "Ada", "Lovelace"),
                        UpdateUserRequest.password("correct horse battery", true),
                        UpdateUserRequest.passwordDigest(
                                "5f4dcc3b5aa765d61d8327deb882cf99", ClerkPasswordHasher.MD5))) {
            calls.add(client.updateUser("user_1", update, deadline()));
        }
        Map<String, Object> merge = new LinkedHashMap<>();
        merge.put("migrated_by", "trickle");
        merge.put("obsolete", null);
        calls.add(client.updateMetadata("user_1", new MetadataUpdate(merge, merge), deadline()));
        calls.add(client.deleteUser("user_1", deadline()));
        calls.add(client.verifyPassword("user_1", "correct horse battery", deadline()));
        calls.add(
                client.createEmailAddress("user_1", "ada@new.example.com", true, true, deadline()));

        calls.forEach(call -> assertThat(call.join().isOk()).as("call answered").isTrue());

        List<RequestCaptureServer.Captured> sent = server.captured();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(calls.size());
        assertThat(sent)
                .extracting(RequestCaptureServer.Captured::method)
                .contains("GET", "POST", "PATCH", "DELETE");
        for (RequestCaptureServer.Captured request : sent) {
            ValidationReport report = validator.validateRequest(toValidatorRequest(request));
            assertThat(report.getMessages())
                    .as("%s %s?%s", request.method(), request.path(), request.rawQuery())
                    .isEmpty();
            assertThat(request.headers().get("Clerk-api-version")).containsExactly("2026-05-12");
        }
    }

    @Test
    void validatorRejectsAFieldTheSpecDoesNotHave() {
        ValidationReport report =
                validator.validateRequest(
                        SimpleRequest.Builder.post("/v1/users")
                                .withHeader("Authorization", "Bearer sk_test_contract")
                                .withContentType("application/json")
                                .withBody("{\"external_id\":\"x\",\"nickname\":\"y\"}")
                                .build());
        assertThat(report.hasErrors()).isTrue();
    }

    private static CreateUserRequest fullCreate() {
        return CreateUserRequest.builder()
                .externalId("legacy-42")
                .emailAddress("ada@example.com", IdentificationStatus.RESERVED)
                .username("ada")
                .firstName("Ada")
                .lastName("Lovelace")
                .password("correct horse battery", true)
                .passwordDigest(
                        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                        ClerkPasswordHasher.BCRYPT)
                .skipPasswordRequirement()
                .publicMetadata(Map.of("plan", "gold"))
                .privateMetadata(Map.of("legacy", Map.of("id", 42)))
                .createdAt(Instant.parse("2012-10-20T07:15:20.902Z"))
                .build();
    }

    private static SimpleRequest toValidatorRequest(RequestCaptureServer.Captured request) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), request.path());
        request.headers().forEach(builder::withHeader);
        if (!request.body().isEmpty()) {
            builder.withBody(request.body());
        }
        queryParameters(request.rawQuery()).forEach(builder::withQueryParam);
        return builder.build();
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }
}
