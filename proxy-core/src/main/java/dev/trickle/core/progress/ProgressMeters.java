package dev.trickle.core.progress;

/** Names and tag keys of the gauges the census keeps. */
public final class ProgressMeters {
    /** Gauge: ledger rows by state, refreshed by the background worker; tag state. */
    public static final String LEDGER_USERS = "trickle.ledger.users";

    /**
     * Gauge: of the successful logins in the window, the share by users already in Clerk; tag
     * window (1d, 7d, 30d). Cut over when it is high enough: few active users are left behind.
     */
    public static final String CUTOVER_READINESS = "trickle.cutover.readiness";

    /** Gauge: the legacy database's count query (users the migration should reach). */
    public static final String LEGACY_USERS = "trickle.legacy.users";

    /** Gauge: users in Clerk (migrated or linked) over legacy users. */
    public static final String MIGRATED_SHARE = "trickle.migrated.share";

    public static final String TAG_STATE = "state";
    public static final String TAG_WINDOW = "window";

    private ProgressMeters() {}
}
