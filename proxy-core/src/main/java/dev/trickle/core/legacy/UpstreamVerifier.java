package dev.trickle.core.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.ratelimit.BoundedPool;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;

/**
 * The {@code upstream} strategy: the legacy app itself decides (its answer to the forwarded login
 * is classified by {@link SuccessRules}); the identity then comes from an {@link IdentitySource},
 * and a user looked up by the typed identifier must pass its {@link IdentityConfirmation}.
 */
public final class UpstreamVerifier {
    private final SuccessRules rules;
    private final IdentitySource identity;
    private final BoundedPool lookups;
    private final Duration timeout;
    private final CurrentUserCall currentUser;

    public UpstreamVerifier(
            SuccessRules rules,
            IdentitySource identity,
            BoundedPool lookups,
            HttpClient http,
            Duration timeout) {
        this.rules = rules;
        this.identity = identity;
        this.lookups = lookups;
        this.timeout = timeout;
        this.currentUser = new CurrentUserCall(http, timeout);
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
        CompletableFuture<LegacyVerification> verdict;
        if (identity instanceof IdentitySource.ResponseJson json) {
            verdict =
                    CompletableFuture.completedFuture(found(json.pointers().read(response.body())));
        } else if (identity instanceof IdentitySource.Directory directory) {
            verdict =
                    lookups.submit(
                                    () -> directory.directory().find(credentials.identifier()),
                                    lookups.deadlineAfter(timeout))
                            .thenCompose(
                                    row ->
                                            row.isEmpty()
                                                    ? CompletableFuture.completedFuture(
                                                            new LegacyVerification.Unconfirmed(
                                                                    "the identifier names no legacy user"))
                                                    : confirm(
                                                            directory.confirmation(),
                                                            row.get(),
                                                            credentials,
                                                            requestHeaders,
                                                            response));
        } else {
            IdentitySource.CurrentUserUrl current = (IdentitySource.CurrentUserUrl) identity;
            verdict =
                    currentUser
                            .ask(current.url(), requestHeaders, response)
                            .thenApply(body -> found(body.flatMap(current.pointers()::read)));
        }
        return verdict.exceptionally(
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

    private static LegacyVerification found(Optional<LegacyIdentity> identity) {
        return identity.<LegacyVerification>map(LegacyVerification.Verified::new)
                .orElseGet(
                        () ->
                                new LegacyVerification.Unavailable(
                                        "the login succeeded but no user id was found"));
    }

    private CompletableFuture<LegacyVerification> confirm(
            IdentityConfirmation confirmation,
            LegacyIdentity row,
            Credentials credentials,
            HttpFields requestHeaders,
            LegacyResponse response) {
        if (confirmation instanceof IdentityConfirmation.TypedPassword typed) {
            return typed.digests()
                    .check(
                            row,
                            credentials.password(),
                            new LegacyVerification.Unconfirmed(
                                    "the typed password does not match the user the identifier"
                                            + " names"),
                            lookups.deadlineAfter(timeout));
        }
        if (confirmation instanceof IdentityConfirmation.CurrentUser current) {
            return currentUser
                    .ask(current.url(), requestHeaders, response)
                    .thenApply(
                            body -> {
                                if (body.isEmpty()) {
                                    return new LegacyVerification.Unavailable(
                                            "the current-user call did not answer 200");
                                }
                                JsonNode id = SuccessRules.json(body.get()).at(current.id());
                                return id.isValueNode() && id.asText().equals(row.legacyId())
                                        ? new LegacyVerification.Verified(row)
                                        : new LegacyVerification.Unconfirmed(
                                                "the app signed in another user than the"
                                                        + " identifier names");
                            });
        }
        return CompletableFuture.completedFuture(
                sessionCookie((IdentityConfirmation.SessionCookie) confirmation, row, response));
    }

    private static LegacyVerification sessionCookie(
            IdentityConfirmation.SessionCookie cookie,
            LegacyIdentity row,
            LegacyResponse response) {
        Optional<String> expected =
                switch (cookie.field()) {
                    case ID -> Optional.of(row.legacyId());
                    case USERNAME -> row.username();
                    case EMAIL -> row.email();
                };
        List<String> values =
                SuccessRules.cookiesSet(response.headers().all("Set-Cookie"), cookie.name());
        if (expected.isEmpty() || values.isEmpty()) {
            return new LegacyVerification.Unconfirmed(
                    "the answer sets no session cookie naming the user");
        }
        for (String value : values) {
            Matcher m = cookie.value().matcher(decode(value));
            if (!m.find() || m.groupCount() < 1 || !expected.get().equals(m.group(1))) {
                return new LegacyVerification.Unconfirmed(
                        "the session cookie names another user than the identifier");
            }
        }
        return new LegacyVerification.Verified(row);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
