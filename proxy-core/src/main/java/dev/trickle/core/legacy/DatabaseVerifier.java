package dev.trickle.core.legacy;

import dev.trickle.core.credentials.Credentials;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The {@code database} strategy: look the user up in the legacy database and check the password
 * against their stored digest locally, while the login is on its way to the legacy app (whose
 * answer must agree before anyone moves).
 */
public final class DatabaseVerifier implements CredentialCheck {
    private static final LegacyVerification WRONG_PASSWORD =
            new LegacyVerification.Rejected("wrong password");
    private static final LegacyVerification UNKNOWN_USER =
            new LegacyVerification.Rejected("unknown user");

    private final LegacyUserDirectory directory;
    private final DigestCheck digests;
    private final Executor lookups;

    /**
     * @param lookups runs the blocking query; bound it (the database has a small pool too)
     */
    public DatabaseVerifier(LegacyUserDirectory directory, DigestCheck digests, Executor lookups) {
        this.directory = directory;
        this.digests = digests;
        this.lookups = lookups;
    }

    @Override
    public CompletableFuture<LegacyVerification> verify(Credentials credentials) {
        return CompletableFuture.supplyAsync(
                        () -> directory.find(credentials.identifier()), lookups)
                .thenCompose(
                        found ->
                                found.isPresent()
                                        ? digests.check(
                                                found.get(), credentials.password(), WRONG_PASSWORD)
                                        : digests.decoy(credentials.password(), UNKNOWN_USER))
                .exceptionally(
                        e -> {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            return new LegacyVerification.Unavailable(
                                    cause instanceof LegacyDirectoryUnavailable
                                            ? cause.getMessage()
                                            : "verification failed: "
                                                    + cause.getClass().getSimpleName());
                        });
    }
}
