package dev.trickle.core.migration;

/** Names and tag keys of the meters the migration side records. */
public final class MigrationMeters {
    /** Counter of login requests seen on login routes; tags route, result ({@link LoginResult}). */
    public static final String LOGINS = "trickle.logins";

    /** Counter of migration outcomes; tags outcome ({@link MigrationOutcome}), source. */
    public static final String MIGRATIONS = "trickle.migrations";

    /** Timer (with histogram) of one migration attempt, claim to settled; tag outcome. */
    public static final String MIGRATION_DURATION = "trickle.migration.duration";

    /** Gauge: deferred migrations this process holds in memory for an early retry. */
    public static final String DEFERRED_JOBS = "trickle.migration.deferred.jobs";

    /** Gauge: 1 for the mode in force, 0 for the others; tag mode. */
    public static final String MODE = "trickle.migration.mode";

    /** Gauge: the rollout percentage in force. */
    public static final String ROLLOUT_PERCENT = "trickle.migration.rollout.percent";

    /**
     * The {@code cache} tag of Micrometer's standard {@code cache.*} meters (gets by result,
     * evictions, size) for the users known to be in Clerk, by legacy id.
     */
    public static final String CACHE_KNOWN_USERS = "known_users";

    /** The {@code cache} tag for known users by login identifier. */
    public static final String CACHE_KNOWN_IDENTIFIERS = "known_identifiers";

    /** The {@code cache} tag for shadow mode's verdicts. */
    public static final String CACHE_SHADOW_ASSESSMENTS = "shadow_assessments";

    public static final String TAG_ROUTE = "route";
    public static final String TAG_RESULT = "result";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_SOURCE = "source";
    public static final String TAG_MODE = "mode";

    private MigrationMeters() {}
}
