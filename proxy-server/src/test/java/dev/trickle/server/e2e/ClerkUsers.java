package dev.trickle.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads every user out of a Clerk (emulator) instance through its Backend API. */
public final class ClerkUsers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    /** The fields a migration is judged by. */
    public record User(String id, Optional<String> externalId, String email, long createdAt) {}

    private ClerkUsers() {}

    public static List<User> all(URI apiBase, String secretKey)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        List<User> users = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            HttpResponse<byte[]> page =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    apiBase
                                                            + "/users?order_by=created_at&limit="
                                                            + PAGE
                                                            + "&offset="
                                                            + offset))
                                    .header("Authorization", "Bearer " + secretKey)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            if (page.statusCode() != 200) {
                throw new IOException("listing Clerk users: status " + page.statusCode());
            }
            JsonNode list = JSON.readTree(page.body());
            for (JsonNode u : list) {
                String externalId = u.path("external_id").asText(null);
                users.add(
                        new User(
                                u.get("id").asText(),
                                Optional.ofNullable(externalId),
                                u.path("email_addresses").path(0).path("email_address").asText(""),
                                u.path("created_at").asLong()));
            }
            if (list.size() < PAGE) {
                return users;
            }
        }
    }

    /** Asks Clerk whether {@code password} is the user's, as sign-in would. */
    public static boolean verifyPassword(
            URI apiBase, String secretKey, String userId, String password)
            throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("password", password).toString();
        HttpResponse<byte[]> answer =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        apiBase
                                                                + "/users/"
                                                                + userId
                                                                + "/verify_password"))
                                        .header("Authorization", "Bearer " + secretKey)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
        return answer.statusCode() == 200
                && JSON.readTree(answer.body()).path("verified").asBoolean();
    }
}
