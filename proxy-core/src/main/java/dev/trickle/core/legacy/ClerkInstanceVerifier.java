package dev.trickle.core.legacy;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.PasswordVerification;
import dev.trickle.core.clerk.UserPage;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code clerk} strategy, for moving users from one Clerk instance to another (development to
 * production, one account to another): the old system is the source instance. The user is found
 * there by email (or username), the password checked with its {@code verify_password}, and the
 * source user's id becomes the legacy id, so the new user's {@code external_id} maps it.
 */
public final class ClerkInstanceVerifier implements CredentialCheck {
    private final ClerkClient source;
    private final Duration budget;

    /**
     * @param budget for the look-up and the password check together
     */
    public ClerkInstanceVerifier(ClerkClient source, Duration budget) {
        this.source = source;
        this.budget = budget;
    }

    @Override
    public CompletableFuture<LegacyVerification> verify(Credentials credentials) {
        Deadline deadline = source.deadlineAfter(budget);
        String identifier = credentials.identifier().trim();
        UserQuery query =
                identifier.contains("@")
                        ? UserQuery.byEmailAddresses(List.of(identifier.toLowerCase(Locale.ROOT)))
                        : UserQuery.byUsernames(List.of(identifier));
        return source.listUsers(query, Page.first(2), deadline)
                .thenCompose(found -> check(found, credentials, deadline));
    }

    private CompletableFuture<LegacyVerification> check(
            ClerkResult<UserPage> found, Credentials credentials, Deadline deadline) {
        if (!found.isOk()) {
            return done(unavailable(found));
        }
        List<ClerkUser> users = found.value().users();
        if (users.isEmpty()) {
            return done(new LegacyVerification.Rejected("unknown user"));
        }
        if (users.size() > 1) {
            return done(
                    new LegacyVerification.Unavailable(
                            "the identifier matches more than one source user"));
        }
        ClerkUser user = users.get(0);
        return source.verifyPassword(user.id(), credentials.password(), deadline)
                .thenApply(
                        answer -> {
                            if (!answer.isOk()) {
                                return unavailable(answer);
                            }
                            if (answer.value() == PasswordVerification.VERIFIED) {
                                return new LegacyVerification.Verified(identityOf(user));
                            }
                            return new LegacyVerification.Rejected(
                                    answer.value() == PasswordVerification.NO_PASSWORD
                                            ? "the source user has no password"
                                            : "wrong password");
                        });
    }

    /** What the new instance gets: the source user's profile, its id as the legacy id. */
    static LegacyIdentity identityOf(ClerkUser user) {
        Optional<ClerkEmailAddress> primary =
                user.emailAddresses().stream()
                        .filter(e -> e.id() != null && e.id().equals(user.primaryEmailAddressId()))
                        .findFirst();
        return new LegacyIdentity(
                user.id(),
                primary.map(ClerkEmailAddress::emailAddress),
                primary.map(ClerkEmailAddress::verified),
                Optional.ofNullable(user.username()),
                Optional.ofNullable(user.firstName()),
                Optional.ofNullable(user.lastName()),
                user.createdAt() > 0
                        ? Optional.of(Instant.ofEpochMilli(user.createdAt()))
                        : Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static LegacyVerification unavailable(ClerkResult<?> result) {
        return new LegacyVerification.Unavailable(
                "source Clerk instance: "
                        + result.error().failure().name().toLowerCase(Locale.ROOT));
    }

    private static CompletableFuture<LegacyVerification> done(LegacyVerification verification) {
        return CompletableFuture.completedFuture(verification);
    }
}
