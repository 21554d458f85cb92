package dev.trickle.core.clerk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one request to Clerk: base URL, bearer key, pinned API version, JSON. One {@link
 * HttpClient} per client, so connections are pooled and reused across calls.
 */
final class ClerkTransport {
    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;

    ClerkTransport(HttpClient http, ClerkSettings settings) {
        this.http = http;
        this.baseUrl = settings.apiUri().toString();
        this.authorization = "Bearer " + settings.secretKey().reveal();
    }

    static HttpClient newHttpClient(ClerkSettings settings) {
        // h2c upgrade attempts on plain http confuse some servers; TLS negotiates HTTP/2 via ALPN.
        boolean tls = "https".equals(settings.apiUri().getScheme());
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param pathAndQuery e.g. {@code /users?limit=10}, already encoded
     * @param body JSON, or {@code null} for no body
     */
    CompletableFuture<HttpResponse<byte[]>> send(
            String method, String pathAndQuery, byte[] body, Duration timeout) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                        .timeout(timeout)
                        .header("Authorization", authorization)
                        .header(ClerkApi.API_VERSION_HEADER, ClerkApi.API_VERSION)
                        .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
