package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.hash.ClerkConversion;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.legacy.LegacyIdentity;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Chooses a {@link PasswordPlan} per {@link MigrationPolicy.PasswordMode}. */
final class PasswordPlans {
    private final MigrationPolicy.PasswordMode mode;
    private final PasswordHashes hashes;

    PasswordPlans(MigrationPolicy.PasswordMode mode, PasswordHashes hashes) {
        this.mode = mode;
        this.hashes = hashes;
    }

    /**
     * {@code plaintext}: the typed password, else the legacy digest if Clerk can import it; {@code
     * digest}: the legacy digest if importable, else the typed password; {@code none}: nothing.
     */
    PasswordPlan choose(LegacyIdentity identity, Optional<String> password) {
        if (mode == MigrationPolicy.PasswordMode.NONE) {
            return new PasswordPlan.None();
        }
        if (mode == MigrationPolicy.PasswordMode.PLAINTEXT && password.isPresent()) {
            return new PasswordPlan.Plaintext(password.get());
        }
        Optional<PasswordPlan.Digest> digest = importableDigest(identity);
        if (digest.isPresent()) {
            return digest.get();
        }
        return password.<PasswordPlan>map(PasswordPlan.Plaintext::new)
                .orElseGet(PasswordPlan.None::new);
    }

    /**
     * For a migration run without the user present (a retry after a restart): only the legacy
     * digest can serve; empty when the user would otherwise be created without the password the
     * policy asks for, so it waits for the next login instead.
     */
    Optional<PasswordPlan> withoutLogin(LegacyIdentity identity) {
        if (mode == MigrationPolicy.PasswordMode.NONE) {
            return Optional.of(new PasswordPlan.None());
        }
        return importableDigest(identity).map(PasswordPlan.class::cast);
    }

    /**
     * A plan safe to keep in memory for a later retry: plaintext becomes a fresh bcrypt digest, so
     * the password itself is dropped as soon as the login is over. Empty when it cannot be hashed
     * (a password over bcrypt's 72 bytes, or no hash thread took it within {@code allowance}): the
     * next login retries.
     */
    CompletableFuture<Optional<PasswordPlan>> durable(PasswordPlan plan, Duration allowance) {
        if (!(plan instanceof PasswordPlan.Plaintext plaintext)) {
            return CompletableFuture.completedFuture(Optional.of(plan));
        }
        return hashes.bcryptHash(plaintext.password(), hashes.deadlineAfter(allowance))
                .thenApply(
                        digest ->
                                Optional.<PasswordPlan>of(
                                        new PasswordPlan.Digest(
                                                digest, ClerkPasswordHasher.BCRYPT)))
                .exceptionally(e -> Optional.empty());
    }

    private Optional<PasswordPlan.Digest> importableDigest(LegacyIdentity identity) {
        if (identity.passwordDigest().isEmpty()) {
            return Optional.empty();
        }
        StoredDigest stored = StoredDigest.of(identity.passwordDigest().get());
        if (identity.passwordSalt().isPresent()) {
            stored = stored.withSalt(identity.passwordSalt().get());
        }
        if (hashes.toClerk(stored) instanceof ClerkConversion.ClerkDigest digest) {
            return hasher(digest.hasher()).map(h -> new PasswordPlan.Digest(digest.digest(), h));
        }
        return Optional.empty();
    }

    private static Optional<ClerkPasswordHasher> hasher(String wireName) {
        try {
            return Optional.of(ClerkPasswordHasher.valueOf(wireName.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
