package dev.trickle.core.hash;

/**
 * One family of related formats. Implementations check cost limits before hashing and throw {@link
 * UnreadableDigest} or {@link CostTooHigh}; the facade turns those into values.
 */
interface FormatVerifier {

    boolean matches(HashFormat format, StoredDigest stored, String password);

    ClerkConversion toClerk(HashFormat format, StoredDigest stored);
}
