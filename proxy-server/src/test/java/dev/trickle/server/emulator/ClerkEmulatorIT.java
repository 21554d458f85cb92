package dev.trickle.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over real HTTP, every answer also checked against the spec's response schemas. */
final class ClerkEmulatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpecResponseCheck RESPONSES = new SpecResponseCheck();

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .maxUsers(1000)
                            .rateLimit(10_000, Duration.ofSeconds(10)));

    @TempDir Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void createdUserHasEverySpecPropertyAndHonoursCreatedAt() throws Exception {
        Reply created =
                call(
                        "POST",
                        "/users",
                        "{\"external_id\":\"legacy-1\",\"email_address\":[\"ada@example.com\"],"
                                + "\"first_name\":\"Ada\",\"password\":\"correct horse battery\",\"created_at\":\"2019-03-01T09:00:00Z\"}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().get("id").asText()).matches("user_[A-Za-z0-9]{27}");
        assertThat(created.json().get("external_id").asText()).isEqualTo("legacy-1");
        assertThat(created.json().get("created_at").asLong())
                .isEqualTo(Instant.parse("2019-03-01T09:00:00Z").toEpochMilli());
        assertThat(created.json().get("password_enabled").asBoolean()).isTrue();
        JsonNode email = created.json().get("email_addresses").get(0);
        assertThat(email.get("id").asText()).startsWith("idn_");
        assertThat(email.get("verification").get("status").asText()).isEqualTo("verified");
        assertThat(created.json().get("primary_email_address_id").asText())
                .isEqualTo(email.get("id").asText());
    }

    @Test
    void unknownFieldsAreRefusedNamingTheField() throws Exception {
        Reply reply =
                call(
                        "POST",
                        "/users",
                        "{\"email_address\":[\"a@example.com\"],\"skip_restriction_checks\":true}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.code()).isEqualTo("form_param_unknown");
        assertThat(reply.json().at("/errors/0/meta/param_name").asText())
                .isEqualTo("skip_restriction_checks");
        assertThat(reply.json().at("/errors/0/long_message").asText())
                .contains("skip_restriction_checks");
    }

    @Test
    void wrongTypesBadTimesAndBrokenJsonGetClerksCodes() throws Exception {
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"external_id\":42,\"skip_password_requirement\":true}")
                                .code())
                .isEqualTo("form_param_format_invalid");
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"external_id\":\"x\",\"created_at\":\"yesterday\",\"skip_password_requirement\":true}")
                                .code())
                .isEqualTo("form_param_invalid_time");
        Reply broken = call("POST", "/users", "{\"external_id\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.code()).isEqualTo("request_body_invalid");
    }

    @Test
    void uniqueIdentifiersAreEnforcedCaseInsensitivelyForEmail() throws Exception {
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"external_id\":\"1\",\"email_address\":[\"Ada@Example.com\"],\"username\":\"ada\",\"skip_password_requirement\":true}")
                                .status())
                .isEqualTo(200);
        Reply email =
                call(
                        "POST",
                        "/users",
                        "{\"external_id\":\"2\",\"email_address\":[\"ada@example.com\"],\"skip_password_requirement\":true}");
        assertThat(email.code()).isEqualTo("form_identifier_exists");
        assertThat(email.json().at("/errors/0/meta/param_name").asText())
                .isEqualTo("email_address");
        Reply external =
                call(
                        "POST",
                        "/users",
                        "{\"external_id\":\"1\",\"email_address\":[\"b@example.com\"],\"skip_password_requirement\":true}");
        assertThat(external.json().at("/errors/0/meta/param_name").asText())
                .isEqualTo("external_id");
        Reply username =
                call(
                        "POST",
                        "/users",
                        "{\"external_id\":\"3\",\"username\":\"ADA\",\"skip_password_requirement\":true}");
        assertThat(username.json().at("/errors/0/meta/param_name").asText()).isEqualTo("username");
    }

    @Test
    void passwordPolicyAppliesUnlessSkipped() throws Exception {
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"email_address\":[\"a@example.com\"],\"password\":\"short\"}")
                                .code())
                .isEqualTo("form_password_length_too_short");
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"email_address\":[\"a@example.com\"],\"password\":\"password123\"}")
                                .code())
                .isEqualTo("form_password_pwned");
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"email_address\":[\"a@example.com\"],\"password\":\"short\",\"skip_password_checks\":true}")
                                .status())
                .isEqualTo(200);
    }

    @Test
    void digestsAreCheckedPerHasherAndVerifyLikeClerk() throws Exception {
        String bcrypt =
                org.mindrot.jbcrypt.BCrypt.hashpw(
                        "legacy pass", org.mindrot.jbcrypt.BCrypt.gensalt(4));
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"email_address\":[\"a@example.com\"],\"password_digest\":\"nonsense\",\"password_hasher\":\"bcrypt\"}")
                                .code())
                .isEqualTo("form_password_digest_invalid_code");
        Reply created =
                call(
                        "POST",
                        "/users",
                        "{\"email_address\":[\"b@example.com\"],\"password_digest\":\""
                                + bcrypt
                                + "\",\"password_hasher\":\"bcrypt\"}");
        assertThat(created.status()).isEqualTo(200);
        String id = created.json().get("id").asText();
        assertThat(
                        call(
                                        "POST",
                                        "/users/" + id + "/verify_password",
                                        "{\"password\":\"legacy pass\"}")
                                .json()
                                .get("verified")
                                .asBoolean())
                .isTrue();
        Reply wrong = call("POST", "/users/" + id + "/verify_password", "{\"password\":\"nope\"}");
        assertThat(wrong.status()).isEqualTo(422);
    }

    @Test
    void anAddressAddedUnverifiedIsNeitherVerifiedNorReserved() throws Exception {
        String id =
                call(
                                "POST",
                                "/users",
                                "{\"email_address\":[\"first@example.com\"],\"skip_password_requirement\":true}")
                        .json()
                        .get("id")
                        .asText();

        JsonNode added =
                call(
                                "POST",
                                "/email_addresses",
                                "{\"user_id\":\""
                                        + id
                                        + "\",\"email_address\":\"second@example.com\",\"verified\":false}")
                        .json();
        JsonNode listed = call("GET", "/users/" + id, null).json().at("/email_addresses/1");

        for (JsonNode address : List.of(added, listed)) {
            assertThat(address.get("reserved").asBoolean()).isFalse();
            assertThat(address.get("verification").isNull()).isTrue();
        }
    }

    @Test
    void reservedAddressesAreNotVerified() throws Exception {
        Reply created =
                call(
                        "POST",
                        "/users",
                        "{\"email_address\":[\"a@example.com\"],\"email_address_identification_status\":[\"reserved\"],\"skip_password_requirement\":true}");
        JsonNode email = created.json().at("/email_addresses/0");
        assertThat(email.get("reserved").asBoolean()).isTrue();
        assertThat(email.at("/verification/status").asText()).isEqualTo("unverified");
        assertThat(
                        call(
                                        "POST",
                                        "/users",
                                        "{\"email_address\":[\"b@example.com\"],\"email_address_identification_status\":[],\"skip_password_requirement\":true}")
                                .code())
                .isEqualTo("form_param_array_length_mismatch");
    }

    @Test
    void listFiltersCountAndPaginateWithACursor() throws Exception {
        for (int i = 0; i < 25; i++) {
            call(
                    "POST",
                    "/users",
                    "{\"external_id\":\"e"
                            + i
                            + "\",\"email_address\":[\"u"
                            + i
                            + "@example.com\"],\"skip_password_requirement\":true,"
                            + "\"created_at\":\"2020-01-01T00:00:"
                            + String.format("%02d", i)
                            + "Z\"}");
        }
        Reply some = call("GET", "/users?external_id=e3&external_id=e7&external_id=missing", null);
        assertThat(some.json()).hasSize(2);
        assertThat(
                        call(
                                        "GET",
                                        "/users/count?email_address=u1@example.com&email_address=u2@example.com",
                                        null)
                                .json()
                                .get("total_count")
                                .asInt())
                .isEqualTo(2);
        assertThat(call("GET", "/users/count", null).json().get("total_count").asInt())
                .isEqualTo(25);
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Reply page =
                    call(
                            "GET",
                            "/users?order_by=created_at&limit=10"
                                    + (cursor == null ? "" : "&starting_after=" + cursor),
                            null);
            page.json().forEach(u -> seen.add(u.get("external_id").asText()));
            cursor =
                    page.json().size() < 10
                            ? null
                            : page.json().get(page.json().size() - 1).get("id").asText();
        } while (cursor != null);
        assertThat(seen).hasSize(25).startsWith("e0", "e1").endsWith("e24");
        assertThat(call("GET", "/users?limit=501", null).status()).isEqualTo(422);
    }

    @Test
    void getPatchDeleteAndMetadata() throws Exception {
        String id =
                call(
                                "POST",
                                "/users",
                                "{\"email_address\":[\"a@example.com\"],\"skip_password_requirement\":true}")
                        .json()
                        .get("id")
                        .asText();
        Reply patched =
                call(
                        "PATCH",
                        "/users/" + id,
                        "{\"external_id\":\"late-link\",\"first_name\":\"Ada\"}");
        assertThat(patched.json().get("external_id").asText()).isEqualTo("late-link");
        Reply meta =
                call(
                        "PATCH",
                        "/users/" + id + "/metadata",
                        "{\"public_metadata\":{\"plan\":\"pro\",\"nested\":{\"a\":1}}}");
        assertThat(meta.json().at("/public_metadata/nested/a").asInt()).isEqualTo(1);
        assertThat(call("GET", "/users/" + id, null).json().get("first_name").asText())
                .isEqualTo("Ada");
        Reply deleted = call("DELETE", "/users/" + id, null);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(deleted.json().get("external_id").asText()).isEqualTo("late-link");
        Reply missing = call("GET", "/users/" + id, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("resource_not_found");
    }

    @Test
    void authenticationAndApiVersionAreChecked() throws Exception {
        HttpResponse<String> none =
                http.send(
                        HttpRequest.newBuilder(clerk.baseUri().resolve("/v1/users")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).at("/errors/0/code").asText())
                .isEqualTo("authorization_header_format_invalid");
        HttpResponse<String> bad =
                http.send(
                        HttpRequest.newBuilder(clerk.baseUri().resolve("/v1/users"))
                                .header("Authorization", "Bearer not-a-key")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(bad.body()).at("/errors/0/code").asText())
                .isEqualTo("clerk_key_invalid");
        HttpResponse<String> version =
                http.send(
                        HttpRequest.newBuilder(clerk.baseUri().resolve("/v1/users"))
                                .header("Authorization", "Bearer " + clerk.secretKey())
                                .header("Clerk-API-Version", "1999-01-01")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(version.body()).at("/errors/0/code").asText())
                .isEqualTo("api_version_invalid");
    }

    @Test
    void rateLimitAnswers429WithRetryAfterUntilTheWindowPasses() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (ClerkEmulator limited =
                ClerkEmulator.builder().clock(clock).start(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 100; i++) {
                assertThat(call(limited.baseUri(), "GET", "/users/count", null).status())
                        .isEqualTo(200);
            }
            clock.advance(Duration.ofMillis(2500));
            HttpResponse<String> limitedReply = raw(limited.baseUri(), "GET", "/users/count", null);
            assertThat(limitedReply.statusCode()).isEqualTo(429);
            assertThat(limitedReply.headers().firstValue("Retry-After")).hasValue("8");
            assertThat(JSON.readTree(limitedReply.body()).at("/errors/0/code").asText())
                    .isEqualTo("too_many_requests");
            clock.advance(Duration.ofSeconds(8));
            assertThat(call(limited.baseUri(), "GET", "/users/count", null).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void perUserUpdatesAreLimitedToTenPerTenSeconds() throws Exception {
        String id =
                call(
                                "POST",
                                "/users",
                                "{\"email_address\":[\"a@example.com\"],\"skip_password_requirement\":true}")
                        .json()
                        .get("id")
                        .asText();
        for (int i = 0; i < 10; i++) {
            assertThat(call("PATCH", "/users/" + id, "{\"first_name\":\"n" + i + "\"}").status())
                    .isEqualTo(200);
        }
        assertThat(
                        raw(clerk.baseUri(), "PATCH", "/users/" + id, "{\"first_name\":\"x\"}")
                                .statusCode())
                .isEqualTo(429);
    }

    @Test
    void developmentInstancesStopAtTheirUserCap() throws Exception {
        try (ClerkEmulator small =
                ClerkEmulator.builder().maxUsers(2).start(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 2; i++) {
                assertThat(
                                call(
                                                small.baseUri(),
                                                "POST",
                                                "/users",
                                                "{\"external_id\":\""
                                                        + i
                                                        + "\",\"skip_password_requirement\":true}")
                                        .status())
                        .isEqualTo(200);
            }
            Reply over =
                    call(
                            small.baseUri(),
                            "POST",
                            "/users",
                            "{\"external_id\":\"3\",\"skip_password_requirement\":true}");
            assertThat(over.status()).isEqualTo(403);
            assertThat(over.code()).isEqualTo("user_quota_exceeded");
        }
    }

    @Test
    void faultsInjectOutagesAndErrorsAndTheRequestLogKeepsNoBodies() throws Exception {
        clerk.faults().outage(true);
        Reply down = call("GET", "/users/count", null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.code()).isEqualTo("service_unavailable");
        HttpResponse<String> viaAdmin =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                clerk.baseUri()
                                                        .toString()
                                                        .replace("/v1", "/__emulator/faults")))
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"outage\":false,\"error_rate\":1.0,\"error_status\":500}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(viaAdmin.statusCode()).isEqualTo(200);
        assertThat(call("GET", "/users/count", null).status()).isEqualTo(500);
        clerk.faults().clear();
        call(
                "POST",
                "/users",
                "{\"email_address\":[\"a@example.com\"],\"password\":\"super secret pw\"}");
        assertThat(clerk.takeRequest().path()).isEqualTo("/v1/users");
        assertThat(clerk.requests().toString()).doesNotContain("super secret pw");
    }

    @Test
    void stateSurvivesARestartWithAStateFile() throws Exception {
        Path state = dir.resolve("clerk-state.json");
        String id;
        try (ClerkEmulator first =
                ClerkEmulator.builder()
                        .stateFile(state)
                        .start(new InetSocketAddress("127.0.0.1", 0))) {
            id =
                    call(
                                    first.baseUri(),
                                    "POST",
                                    "/users",
                                    "{\"external_id\":\"kept\",\"password\":\"long enough pw\"}")
                            .json()
                            .get("id")
                            .asText();
        }
        assertThat(java.nio.file.Files.readString(state)).doesNotContain("long enough pw");
        try (ClerkEmulator second =
                ClerkEmulator.builder()
                        .stateFile(state)
                        .start(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(
                            call(second.baseUri(), "GET", "/users/" + id, null)
                                    .json()
                                    .get("external_id")
                                    .asText())
                    .isEqualTo("kept");
            assertThat(
                            call(
                                            second.baseUri(),
                                            "POST",
                                            "/users/" + id + "/verify_password",
                                            "{\"password\":\"long enough pw\"}")
                                    .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theSpecCheckItselfCatchesAMalformedUser() throws Exception {
        JsonNode user = JSON.readTree("{\"object\":\"user\",\"banned\":\"no\",\"surprise\":1}");
        assertThat(RESPONSES.check("GET", "/v1/users/user_x", 200, user))
                .anyMatch(p -> p.contains("$.id: required but missing"))
                .anyMatch(p -> p.contains("$.banned: expected a boolean"))
                .anyMatch(p -> p.contains("$.surprise: not a property"));
    }

    record Reply(int status, JsonNode json) {
        String code() {
            return json.at("/errors/0/code").asText();
        }
    }

    private Reply call(String method, String path, String body) throws Exception {
        return call(clerk.baseUri(), method, path, body);
    }

    private Reply call(URI base, String method, String path, String body) throws Exception {
        HttpResponse<String> response = raw(base, method, path, body);
        assertMatchesSpec(method, path, body, response);
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private HttpResponse<String> raw(URI base, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + clerk.secretKey())
                        .header("Clerk-API-Version", "2026-05-12")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every answer the emulator gives must be one the spec allows for that operation. */
    private static void assertMatchesSpec(
            String method, String path, String body, HttpResponse<String> response)
            throws Exception {
        String pathOnly =
                "/v1" + (path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        assertThat(
                        RESPONSES.check(
                                method,
                                pathOnly,
                                response.statusCode(),
                                JSON.readTree(response.body())))
                .as(
                        "response to %s %s (%d): %s",
                        method, path, response.statusCode(), response.body())
                .isEmpty();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
