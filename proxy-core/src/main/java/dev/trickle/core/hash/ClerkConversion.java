package dev.trickle.core.hash;

import static java.util.Objects.requireNonNull;

/**
 * What to send Clerk as {@code password_hasher} + {@code password_digest}, or why nothing can be.
 */
public sealed interface ClerkConversion {

    /** Ready for Create/Update User. {@link #toString()} hides the digest. */
    record ClerkDigest(String hasher, String digest) implements ClerkConversion {
        public ClerkDigest {
            requireNonNull(hasher, "hasher");
            requireNonNull(digest, "digest");
        }

        @Override
        public String toString() {
            return "ClerkDigest[hasher=" + hasher + "]";
        }
    }

    /** Clerk has no hasher for this digest: the user can migrate only by logging in. */
    record NotImportable(String reason) implements ClerkConversion {}
}
