package dev.trickle.core.legacy;

import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Asks the legacy app who is signed in: a GET with the cookies of the login request and those its
 * answer just set, as the browser's next request would carry them.
 */
final class CurrentUserCall {
    private final HttpClient http;
    private final Duration timeout;

    CurrentUserCall(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The JSON answer's body when the app answers 200, else empty. */
    CompletableFuture<Optional<byte[]>> ask(
            URI url, HttpFields requestHeaders, LegacyResponse response) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : requestHeaders.all("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        for (String header : response.headers().all("Set-Cookie")) {
            try {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            } catch (IllegalArgumentException e) {
                // An unparseable Set-Cookie is not one the legacy app can expect back.
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        request.header("Accept", "application/json");
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty());
    }
}
