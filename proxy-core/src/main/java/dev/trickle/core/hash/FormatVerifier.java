package dev.trickle.core.hash;

/**
 * One family of related formats. Implementations check cost limits before hashing and throw {@link
 * UnreadableDigest} or {@link CostTooHigh}; the facade turns those into values.
 */
interface FormatVerifier {

    boolean matches(HashFormat format, StoredDigest stored, String password);

    /**
     * The heap {@link #matches} will allocate for this digest, from its parameters alone, before
     * any hashing; formats whose memory does not depend on the digest need next to none.
     */
    default long memoryBytes(HashFormat format, StoredDigest stored) {
        return 0;
    }

    ClerkConversion toClerk(HashFormat format, StoredDigest stored);
}
