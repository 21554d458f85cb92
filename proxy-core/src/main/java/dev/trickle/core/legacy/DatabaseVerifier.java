package dev.trickle.core.legacy;

import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.hash.VerificationResult;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code database} strategy: look the user up in the legacy database and check the password
 * against their stored digest locally, before the login is forwarded. Both steps must start within
 * the login's hold: a look-up or a check still queued when the login has gone on is dropped, and
 * the login goes on unverified.
 */
public final class DatabaseVerifier implements CredentialCheck {
    private final LegacyUserDirectory directory;
    private final PasswordHashes hashes;
    private final BoundedPool lookups;
    private final Duration budget;
    private final Optional<String> digestFormat;
    private final Map<String, String> digestParams;

    /**
     * @param lookups runs the blocking query (the database has a small pool too); its ticker must
     *     be the hash library's
     * @param budget how long a login's look-up and digest check may wait to start: as long as the
     *     login is held
     * @param digestFormat the digest format when detection alone is ambiguous, e.g. {@code
     *     pbkdf2_sha256_django}
     * @param digestParams format parameters the digest does not carry, e.g. a bcrypt pepper
     */
    public DatabaseVerifier(
            LegacyUserDirectory directory,
            PasswordHashes hashes,
            BoundedPool lookups,
            Duration budget,
            Optional<String> digestFormat,
            Map<String, String> digestParams) {
        this.directory = directory;
        this.hashes = hashes;
        this.lookups = lookups;
        this.budget = budget;
        this.digestFormat = digestFormat;
        this.digestParams = Map.copyOf(digestParams);
    }

    @Override
    public CompletableFuture<LegacyVerification> verify(Credentials credentials) {
        Deadline deadline = lookups.deadlineAfter(budget);
        String identifier = credentials.identifier();
        return lookups.submit(() -> directory.find(identifier), deadline)
                .thenCompose(found -> check(found, credentials, deadline))
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

    private CompletableFuture<LegacyVerification> check(
            Optional<LegacyIdentity> found, Credentials credentials, Deadline deadline) {
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new LegacyVerification.Rejected("unknown user"));
        }
        LegacyIdentity identity = found.get();
        if (identity.passwordDigest().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new LegacyVerification.Unavailable("the user has no password digest"));
        }
        StoredDigest stored =
                StoredDigest.of(identity.passwordDigest().get()).withParams(digestParams);
        if (digestFormat.isPresent()) {
            stored = stored.withFormat(digestFormat.get());
        }
        if (identity.passwordSalt().isPresent()) {
            stored = stored.withSalt(identity.passwordSalt().get());
        }
        return hashes.verify(stored, credentials.password(), deadline)
                .thenApply(result -> decide(result, identity));
    }

    private static LegacyVerification decide(VerificationResult result, LegacyIdentity identity) {
        if (result instanceof VerificationResult.Match) {
            return new LegacyVerification.Verified(identity);
        }
        if (result instanceof VerificationResult.Mismatch) {
            return new LegacyVerification.Rejected("wrong password");
        }
        if (result instanceof VerificationResult.Unsupported unsupported) {
            return new LegacyVerification.Unavailable(unsupported.reason());
        }
        return new LegacyVerification.Unavailable(((VerificationResult.Rejected) result).reason());
    }
}
