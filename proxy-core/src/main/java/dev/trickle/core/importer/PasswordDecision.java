package dev.trickle.core.importer;

import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.hash.ClerkConversion;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.legacy.LegacyIdentity;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a row's password can go to Clerk as {@code password_digest} + {@code password_hasher}.
 * Decided with the same hash library and the same reading of the digest as the migration service
 * uses when it creates the user, so what is counted here is what Clerk gets.
 */
final class PasswordDecision {
    private final PasswordHashes hashes;

    PasswordDecision(PasswordHashes hashes) {
        this.hashes = hashes;
    }

    /** What the row's digest allows. */
    sealed interface Verdict {}

    /** Clerk can verify the digest with {@code hasher}. */
    record Importable(String hasher) implements Verdict {}

    /** The row has no digest. */
    record NoDigest() implements Verdict {}

    /** A digest Clerk cannot take, and why; safe to print (it never quotes the digest). */
    record NotImportable(String reason) implements Verdict {}

    Verdict judge(LegacyIdentity identity, Optional<String> declaredHasher) {
        if (identity.passwordDigest().isEmpty()) {
            return new NoDigest();
        }
        StoredDigest stored = StoredDigest.of(identity.passwordDigest().get());
        if (identity.passwordSalt().isPresent()) {
            stored = stored.withSalt(identity.passwordSalt().get());
        }
        ClerkConversion detected = hashes.toClerk(stored);
        if (declaredHasher.isPresent()) {
            ClerkConversion declared = hashes.toClerk(stored.withFormat(declaredHasher.get()));
            if (declared instanceof ClerkConversion.NotImportable not) {
                return new NotImportable(not.reason());
            }
            String wanted = ((ClerkConversion.ClerkDigest) declared).hasher();
            if (!(detected instanceof ClerkConversion.ClerkDigest found)
                    || !found.hasher().equals(wanted)) {
                // The migration service reads digests by their own format; it would not send this
                // one with the hasher the source declared.
                return new NotImportable(
                        "declared "
                                + declaredHasher.get()
                                + " but the digest reads as another format");
            }
        }
        if (detected instanceof ClerkConversion.NotImportable not) {
            return new NotImportable(not.reason());
        }
        String hasher = ((ClerkConversion.ClerkDigest) detected).hasher();
        try {
            ClerkPasswordHasher.valueOf(hasher.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new NotImportable("Clerk hasher " + hasher + " is not supported by the client");
        }
        return new Importable(hasher);
    }
}
