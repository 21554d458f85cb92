package dev.trickle.server.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.importer.FileFormat;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test: the bulk import creates and links users by the same email rules as a login. A
 * row whose address is unverified, or whose verification the file does not state, is never linked
 * to the Clerk user holding that address, and is created reserved rather than verified, unless the
 * operator declares the legacy app verified every address.
 */
final class ImportLinkRulesIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .secretKeys(List.of(ImportFixture.KEY))
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .maxUsers(1000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private JsonNode clerk(String method, String path, String body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                        .header("Authorization", "Bearer " + ImportFixture.KEY)
                        .header("Content-Type", "application/json");
        request =
                body == null
                        ? request.GET()
                        : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return JSON.readTree(
                HttpClient.newHttpClient()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private void clerkNativeUser(String email) throws Exception {
        clerk(
                "POST",
                "/users",
                "{\"email_address\":[\"" + email + "\"],\"skip_password_requirement\":true}");
    }

    private Map<String, Object> importRows(String extraYaml, String rows) throws Exception {
        Path file = dir.resolve("users.jsonl");
        Files.writeString(file, rows);
        ImportFixture fixture = new ImportFixture(dir, clerk.baseUri(), extraYaml);
        return fixture.run(
                fixture.config(),
                ImportFixture.file(file, FileFormat.JSONL),
                ImportFixture.settings(PasswordFallback.CREATE, false));
    }

    @Test
    void rowsWhoseAddressNobodyVerifiedAreNeitherLinkedNorCreatedVerified() throws Exception {
        clerkNativeUser("taken-unverified@example.com");
        clerkNativeUser("taken-unknown@example.com");
        clerkNativeUser("taken-verified@example.com");

        Map<String, Object> report =
                importRows(
                        "",
                        "{\"id\": \"i1\", \"email\": \"taken-unverified@example.com\","
                                + " \"email_verified\": false}\n"
                                + "{\"id\": \"i2\", \"email\": \"taken-unknown@example.com\"}\n"
                                + "{\"id\": \"i3\", \"email\": \"taken-verified@example.com\","
                                + " \"email_verified\": true}\n"
                                + "{\"id\": \"i4\", \"email\": \"new@example.com\"}\n");

        assertThat(report).containsEntry("conflicts", 2L).containsEntry("linked", 1L);
        assertThat(report.get("reasons"))
                .isEqualTo(Map.of("conflicts", Map.of("email_unverified_in_legacy", 2L)));
        assertThat(clerk("GET", "/users?external_id=i1", null)).isEmpty();
        assertThat(clerk("GET", "/users?external_id=i2", null)).isEmpty();
        assertThat(clerk("GET", "/users?external_id=i3", null)).hasSize(1);
        JsonNode created = clerk("GET", "/users?external_id=i4", null).get(0);
        assertThat(created.at("/email_addresses/0/reserved").asBoolean()).isTrue();
        assertThat(created.at("/email_addresses/0/verification/status").asText())
                .isEqualTo("unverified");
    }

    @Test
    void anOperatorWhoseLegacyAppVerifiedEveryAddressMayDeclareIt() throws Exception {
        clerkNativeUser("declared@example.com");

        Map<String, Object> report =
                importRows(
                        "migration:\n  legacyEmailsVerified: true\n",
                        "{\"id\": \"j1\", \"email\": \"declared@example.com\"}\n"
                                + "{\"id\": \"j2\", \"email\": \"fresh@example.com\"}\n");

        assertThat(report).containsEntry("linked", 1L).containsEntry("created", 1L);
        assertThat(
                        clerk("GET", "/users?external_id=j2", null)
                                .at("/0/email_addresses/0/verification/status")
                                .asText())
                .isEqualTo("verified");
    }
}
