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

    /**
     * Iterated digests hash the password again in every round, so their work is the rounds times
     * the password's hash blocks: a 4 KiB password makes each SHA-512 round 33 blocks instead of
     * one. The round limit bounds that product, so a password shorter than one block costs what its
     * rounds always did, and a long one cannot multiply a permitted round count.
     */
    static void checkRounds(
            String parameter, long rounds, int passwordBytes, int blockBytes, long limit) {
        check(parameter, rounds, limit);
        long work = rounds * (1 + passwordBytes / blockBytes);
        if (work > limit) {
            throw new CostTooHigh(parameter + " × password blocks", work, limit);
        }
    }
}
