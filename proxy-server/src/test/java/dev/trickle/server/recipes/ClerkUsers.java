package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The Clerk emulator as a recipe test checks it: over Clerk's API like an operator would, and
 * through its state file for the one thing Clerk's API never shows, which hasher a password is kept
 * with.
 */
final class ClerkUsers implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClerkEmulator emulator;
    private final Path stateFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private ClerkUsers(ClerkEmulator emulator, Path stateFile) {
        this.emulator = emulator;
        this.stateFile = stateFile;
    }

    /** A development instance (100 users at most) on an ephemeral port. */
    static ClerkUsers start(Path stateFile) throws IOException, InterruptedException {
        ClerkUsers users =
                new ClerkUsers(
                        ClerkEmulator.builder()
                                .stateFile(stateFile)
                                // The checks below call the API too; they must not eat Trickle's
                                // quota.
                                .rateLimit(10_000, Duration.ofSeconds(10))
                                .start(new InetSocketAddress("127.0.0.1", 0)),
                        stateFile);
        users.warmUp();
        return users;
    }

    /**
     * Creates and finds one user, then forgets it: the emulator's first answer per operation (its
     * OpenAPI validation warming up) can take longer on a busy machine than a recipe's login
     * budget, which would defer the first test's migration.
     */
    private void warmUp() throws IOException, InterruptedException {
        HttpResponse<String> created =
                send(
                        request("/users")
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"external_id\":\"warm-up\","
                                                        + "\"email_address\":[\"warm@example.com\"],"
                                                        + "\"password\":\"warm-up password 1\","
                                                        + "\"skip_password_checks\":true}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).path("id").asText();
        assertThat(byExternalId("warm-up")).isPresent();
        verifiesPassword(id, "warm-up password 1");
        emulator.reset();
    }

    URI apiUrl() {
        return emulator.baseUri();
    }

    String secretKey() {
        return ClerkEmulatorExtension.SECRET_KEY;
    }

    ClerkEmulator emulator() {
        return emulator;
    }

    long creates() {
        return emulator.requests().stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/v1/users"))
                .count();
    }

    /** The one Clerk user with this {@code external_id}, if any. */
    Optional<JsonNode> byExternalId(String externalId) throws IOException, InterruptedException {
        HttpResponse<String> found =
                send(
                        request(
                                        "/users?external_id="
                                                + URLEncoder.encode(
                                                        externalId, StandardCharsets.UTF_8))
                                .GET());
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode users = JSON.readTree(found.body());
        assertThat(users.size()).as("Clerk users with external_id %s", externalId).isLessThan(2);
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(0));
    }

    /** Clerk's own check at sign-in: true only when {@code password} is the user's. */
    boolean verifiesPassword(String clerkUserId, String password)
            throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("password", password).toString();
        HttpResponse<String> answer =
                send(
                        request("/users/" + clerkUserId + "/verify_password")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 422);
        return answer.statusCode() == 200
                && JSON.readTree(answer.body()).path("verified").asBoolean();
    }

    /**
     * Clerk's {@code password_hasher} for the user's legacy digest, or empty when it hashed a
     * plaintext password itself.
     */
    Optional<String> passwordHasher(String externalId) throws IOException {
        for (JsonNode user : JSON.readTree(stateFile.toFile())) {
            if (externalId.equals(user.path("externalId").asText())) {
                JsonNode hasher = user.path("passwordHasher");
                return hasher.isTextual() ? Optional.of(hasher.asText()) : Optional.empty();
            }
        }
        throw new AssertionError("no Clerk user with external_id " + externalId);
    }

    void reset() {
        emulator.reset();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secretKey());
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        emulator.close();
    }
}
