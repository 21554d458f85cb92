package dev.trickle.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.RecordedCall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What Clerk ended up with, checked the way an operator would: every user listed through the
 * Backend API (not the emulator's internals), their {@code external_id}s counted for duplicates and
 * strangers, and the calls Trickle made counted from the emulator's request log.
 *
 * @param clerkUsers users in Clerk
 * @param distinctExternalIds distinct legacy ids among them; fewer than {@code clerkUsers} would be
 *     a duplicate
 * @param unknownExternalIds users whose {@code external_id} is not a legacy user's id
 * @param lookups {@code GET /v1/users?external_id=...} calls Trickle made
 * @param creates {@code POST /v1/users} calls Trickle made
 */
record DemoClerkAudit(
        int clerkUsers,
        int distinctExternalIds,
        int unknownExternalIds,
        long lookups,
        long creates) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    int duplicates() {
        return clerkUsers - distinctExternalIds;
    }

    static DemoClerkAudit of(ClerkEmulator clerk, String secretKey, Set<String> legacyIds)
            throws IOException, InterruptedException {
        List<RecordedCall> calls = clerk.requests();
        long lookups =
                calls.stream()
                        .filter(c -> c.method().equals("GET") && c.path().equals("/v1/users"))
                        .filter(c -> c.query() != null && c.query().contains("external_id"))
                        .count();
        long creates =
                calls.stream()
                        .filter(c -> c.method().equals("POST") && c.path().equals("/v1/users"))
                        .count();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int users = 0;
        int unknown = 0;
        Set<String> externalIds = new HashSet<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = list(http, clerk.baseUri(), secretKey, offset);
            for (JsonNode user : page) {
                users++;
                String externalId = user.path("external_id").asText("");
                externalIds.add(externalId);
                if (!legacyIds.contains(externalId)) {
                    unknown++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return new DemoClerkAudit(users, externalIds.size(), unknown, lookups, creates);
    }

    private static JsonNode list(HttpClient http, URI api, String secretKey, int offset)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                api
                                                        + "/users?limit="
                                                        + PAGE
                                                        + "&offset="
                                                        + offset
                                                        + "&order_by=created_at"))
                                .header("Authorization", "Bearer " + secretKey)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Clerk emulator answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
