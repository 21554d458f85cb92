package dev.trickle.core.legacy;

import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code database} strategy: look the user up in the legacy database and check the password
 * against their stored digest locally, while the login is on its way to the legacy app (whose
 * answer must agree before anyone moves). Both steps must start within the login's hold: a look-up
 * or a check still queued when the login has gone on is dropped, and the login goes on unverified.
 */
public final class DatabaseVerifier implements CredentialCheck {
    private static final LegacyVerification WRONG_PASSWORD =
            new LegacyVerification.Rejected("wrong password");
    private static final LegacyVerification UNKNOWN_USER =
            new LegacyVerification.Rejected("unknown user");

    private final LegacyUserDirectory directory;
    private final DigestCheck digests;
    private final BoundedPool lookups;
    private final Duration budget;

    /**
     * @param lookups runs the blocking query (the database has a small pool too); its ticker must
     *     be the hash library's
     * @param budget how long a login's look-up and digest check may wait to start: as long as the
     *     login is held
     */
    public DatabaseVerifier(
            LegacyUserDirectory directory,
            DigestCheck digests,
            BoundedPool lookups,
            Duration budget) {
        this.directory = directory;
        this.digests = digests;
        this.lookups = lookups;
        this.budget = budget;
    }

    @Override
    public CompletableFuture<LegacyVerification> verify(Credentials credentials) {
        Deadline deadline = lookups.deadlineAfter(budget);
        String identifier = credentials.identifier();
        return lookups.submit(() -> directory.find(identifier), deadline)
                .thenCompose(
                        found ->
                                found.isPresent()
                                        ? digests.check(
                                                found.get(),
                                                credentials.password(),
                                                WRONG_PASSWORD,
                                                deadline)
                                        : digests.decoy(
                                                credentials.password(), UNKNOWN_USER, deadline))
                .exceptionally(
                        e -> {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            return new LegacyVerification.Unavailable(
                                    cause instanceof LegacyDirectoryUnavailable
                                                    || cause instanceof BoundedPool.Shed
                                            ? "legacy look-up: " + cause.getMessage()
                                            : "verification failed: "
                                                    + cause.getClass().getSimpleName());
                        });
    }
}
