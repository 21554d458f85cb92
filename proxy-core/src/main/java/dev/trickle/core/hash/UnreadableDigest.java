package dev.trickle.core.hash;

/**
 * Thrown inside the package when a digest cannot be parsed; the facade turns it into an {@link
 * VerificationResult.Unsupported} or {@link ClerkConversion.NotImportable} value. The message
 * describes the structure only, never digest content.
 */
final class UnreadableDigest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableDigest(String reason) {
        super(reason, null, false, false);
    }
}
