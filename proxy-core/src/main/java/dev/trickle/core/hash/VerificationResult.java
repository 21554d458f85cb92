package dev.trickle.core.hash;

/** Outcome of checking a password against a stored digest; never carries the password. */
public sealed interface VerificationResult {

    /** The password produces the stored digest. */
    record Match(HashFormat format) implements VerificationResult {}

    /** The digest was computed and differs. */
    record Mismatch(HashFormat format) implements VerificationResult {}

    /** Unknown or malformed digest, or a format that cannot be checked here. */
    record Unsupported(String reason) implements VerificationResult {}

    /**
     * The digest asks for more work than allowed, or the worker queue is full; nothing was hashed.
     */
    record Rejected(String reason) implements VerificationResult {}

    default boolean matched() {
        return this instanceof Match;
    }
}
