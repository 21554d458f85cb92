package dev.trickle.core.hash;

/**
 * Thrown before any hashing when a digest asks for more work than {@link HashSettings} allows; the
 * facade turns it into {@link VerificationResult.Rejected}.
 */
final class CostTooHigh extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CostTooHigh(String parameter, long value, long limit) {
        super(
                parameter + " " + value + " exceeds the configured limit " + limit,
                null,
                false,
                false);
    }

    static void check(String parameter, long value, long limit) {
        if (value > limit) {
            throw new CostTooHigh(parameter, value, limit);
        }
    }
}
