package dev.trickle.core.rollout;

import java.util.Locale;

/** The operator's master switch, changeable at run time. */
public enum MigrationMode {
    /** Intercept nothing: Trickle is a plain reverse proxy. */
    PASSTHROUGH,
    /** Verify logins and record what would happen, write nothing to Clerk (dry run). */
    SHADOW,
    /** Verify logins and move their users to Clerk. */
    MIGRATE;

    /** The lower-case name used in config, the admin API and metric labels. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
