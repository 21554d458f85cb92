package dev.trickle.core.legacy;

import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.hash.VerificationResult;
import dev.trickle.core.ratelimit.Deadline;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks a typed password against a legacy user's stored digest. When there is no digest to check
 * (no such user, a user without a password) the same amount of hashing is done against a decoy, the
 * last real digest seen, so that how long the check takes does not tell whether the user exists.
 */
public final class DigestCheck {
    private final PasswordHashes hashes;
    private final Optional<String> digestFormat;
    private final Map<String, String> digestParams;
    private final AtomicReference<StoredDigest> decoy = new AtomicReference<>();

    /**
     * @param digestFormat the digest format when detection alone is ambiguous, e.g. {@code
     *     pbkdf2_sha256_django}
     * @param digestParams format parameters the digest does not carry, e.g. a bcrypt pepper
     */
    public DigestCheck(
            PasswordHashes hashes,
            Optional<String> digestFormat,
            Map<String, String> digestParams) {
        this.hashes = hashes;
        this.digestFormat = digestFormat;
        this.digestParams = Map.copyOf(digestParams);
    }

    /**
     * @param onMismatch the verdict when the digest was computed and differs
     * @param startBy a check that cannot start by then is dropped with the password it holds
     */
    CompletableFuture<LegacyVerification> check(
            LegacyIdentity user, String password, LegacyVerification onMismatch, Deadline startBy) {
        if (user.passwordDigest().isEmpty()) {
            return decoy(
                    password,
                    new LegacyVerification.Unavailable("the user has no password digest"),
                    startBy);
        }
        StoredDigest stored = StoredDigest.of(user.passwordDigest().get()).withParams(digestParams);
        if (digestFormat.isPresent()) {
            stored = stored.withFormat(digestFormat.get());
        }
        if (user.passwordSalt().isPresent()) {
            stored = stored.withSalt(user.passwordSalt().get());
        }
        StoredDigest checked = stored;
        return hashes.verify(checked, password, startBy)
                .thenApply(
                        result -> {
                            if (result instanceof VerificationResult.Match
                                    || result instanceof VerificationResult.Mismatch) {
                                decoy.set(checked);
                            }
                            return decide(result, user, onMismatch);
                        });
    }

    /** Hashes {@code password} against the decoy, then answers {@code verdict}. */
    CompletableFuture<LegacyVerification> decoy(
            String password, LegacyVerification verdict, Deadline startBy) {
        StoredDigest current = decoy.get();
        CompletableFuture<?> work;
        if (current != null) {
            work = hashes.verify(current, password, startBy);
        } else {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            work =
                    hashes.bcryptHash(HexFormat.of().formatHex(random), startBy)
                            .thenAccept(
                                    digest -> decoy.compareAndSet(null, StoredDigest.of(digest)));
        }
        return work.handle((ignored, error) -> verdict);
    }

    private static LegacyVerification decide(
            VerificationResult result, LegacyIdentity user, LegacyVerification onMismatch) {
        if (result instanceof VerificationResult.Match) {
            return new LegacyVerification.Verified(user);
        }
        if (result instanceof VerificationResult.Mismatch) {
            return onMismatch;
        }
        if (result instanceof VerificationResult.Unsupported unsupported) {
            return new LegacyVerification.Unavailable(unsupported.reason());
        }
        return new LegacyVerification.Unavailable(((VerificationResult.Rejected) result).reason());
    }
}
