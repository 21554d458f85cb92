package dev.trickle.core.migration;

/**
 * How many users each in-memory cache of the migration holds; past it the least useful entries are
 * evicted (a repeat login then asks the ledger, a shadow login asks Clerk again).
 *
 * @param knownUsers users known to be in Clerk, answered with no I/O ({@link KnownUsers})
 * @param shadowAssessments shadow mode's verdicts, one a user a day ({@link ShadowAssessments})
 */
public record MigrationCaches(int knownUsers, int shadowAssessments) {
    public static final int MIN_SIZE = 1_000;
    public static final int MAX_SIZE = 100_000_000;

    /** A million users each: a repeat login of any of them this day needs no I/O. */
    public static final int DEFAULT_SIZE = 1_000_000;

    public static final MigrationCaches DEFAULTS = new MigrationCaches(DEFAULT_SIZE, DEFAULT_SIZE);

    public MigrationCaches {
        check("knownUsers", knownUsers);
        check("shadowAssessments", shadowAssessments);
    }

    private static void check(String name, int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    name + ": " + size + " (expected: " + MIN_SIZE + " to " + MAX_SIZE + ")");
        }
    }
}
