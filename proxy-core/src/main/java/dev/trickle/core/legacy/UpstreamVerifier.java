package dev.trickle.core.legacy;

import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.ratelimit.BoundedPool;
import java.net.HttpCookie;
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
 * The {@code upstream} strategy: the legacy app itself decides (its answer to the forwarded login
 * is classified by {@link SuccessRules}); the identity then comes from an {@link IdentitySource}.
 */
public final class UpstreamVerifier {
    private final SuccessRules rules;
    private final IdentitySource identity;
    private final BoundedPool lookups;
    private final HttpClient http;
    private final Duration timeout;

    public UpstreamVerifier(
            SuccessRules rules,
            IdentitySource identity,
            BoundedPool lookups,
            HttpClient http,
            Duration timeout) {
        this.rules = rules;
        this.identity = identity;
        this.lookups = lookups;
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * @param requestHeaders the login request's headers, whose cookies go along to the current-user
     *     URL together with the ones the login just set
     */
    public CompletableFuture<LegacyVerification> verify(
            Credentials credentials, HttpFields requestHeaders, LegacyResponse response) {
        if (!rules.isSuccess(response)) {
            return CompletableFuture.completedFuture(
                    new LegacyVerification.Rejected(
                            "the legacy app refused the login (" + response.status() + ")"));
        }
        CompletableFuture<Optional<LegacyIdentity>> found;
        if (identity instanceof IdentitySource.ResponseJson json) {
            found = CompletableFuture.completedFuture(json.pointers().read(response.body()));
        } else if (identity instanceof IdentitySource.Directory directory) {
            // Only the identifier waits for a thread, and not past the login's budget.
            String identifier = credentials.identifier();
            found =
                    lookups.submit(
                            () -> directory.directory().find(identifier),
                            lookups.deadlineAfter(timeout));
        } else {
            found = currentUser((IdentitySource.CurrentUserUrl) identity, requestHeaders, response);
        }
        return found.<LegacyVerification>thenApply(
                        id ->
                                id.isPresent()
                                        ? new LegacyVerification.Verified(id.get())
                                        : new LegacyVerification.Unavailable(
                                                "the login succeeded but no user id was found"))
                .exceptionally(
                        e -> {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            return new LegacyVerification.Unavailable(
                                    "identity lookup failed: "
                                            + (cause instanceof LegacyDirectoryUnavailable
                                                            || cause instanceof BoundedPool.Shed
                                                    ? cause.getMessage()
                                                    : cause.getClass().getSimpleName()));
                        });
    }

    private CompletableFuture<Optional<LegacyIdentity>> currentUser(
            IdentitySource.CurrentUserUrl source,
            HttpFields requestHeaders,
            LegacyResponse response) {
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
        HttpRequest.Builder request = HttpRequest.newBuilder(source.url()).timeout(timeout).GET();
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        request.header("Accept", "application/json");
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(
                        r ->
                                r.statusCode() == 200
                                        ? source.pointers().read(r.body())
                                        : Optional.empty());
    }
}
