package dev.trickle.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A test's own view of a Clerk (emulator) instance through its Backend API, as an operator would
 * check what Trickle did: find a user by external_id, check a password, delete a user.
 */
public final class ClerkAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClerkEmulatorExtension clerk;
    private final HttpClient http = HttpClient.newHttpClient();

    public ClerkAdmin(ClerkEmulatorExtension clerk) {
        this.clerk = clerk;
    }

    /** One Backend API call; {@code json} null for none. */
    public HttpResponse<String> call(String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                        .header("Authorization", "Bearer " + clerk.secretKey());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The parsed body of a call that must succeed. */
    public JsonNode ok(String method, String path, String json)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = call(method, path, json);
        assertThat(answer.statusCode())
                .as(method + " " + path + ": " + answer.body())
                .isLessThan(300);
        return JSON.readTree(answer.body());
    }

    /** The one user with this external_id; fails if there are none or several. */
    public JsonNode userWithExternalId(Object externalId) throws IOException, InterruptedException {
        JsonNode users = ok("GET", "/users?external_id=" + externalId, null);
        assertThat(users).as("Clerk users with external_id " + externalId).hasSize(1);
        return users.get(0);
    }

    /** Whether Clerk accepts {@code password} for {@code user}. */
    public boolean verifies(JsonNode user, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> answer =
                call(
                        "POST",
                        "/users/" + user.get("id").asText() + "/verify_password",
                        JSON.createObjectNode().put("password", password).toString());
        return answer.statusCode() == 200 && answer.body().contains("\"verified\":true");
    }

    public void delete(JsonNode user) throws IOException, InterruptedException {
        ok("DELETE", "/users/" + user.get("id").asText(), null);
    }
}
