package dev.trickle.core.ledger;

import java.util.Locale;

/** Where one legacy user stands in the migration; stored lowercase in the {@code state} column. */
public enum MigrationState {
    PENDING,
    MIGRATING,
    MIGRATED,
    LINKED,
    CONFLICT,
    FAILED,
    SKIPPED,
    DELETED,
    REVERTED;

    /** True when a new claim may start: never attempted, or deferred for a retry. */
    public boolean claimable() {
        return this == PENDING;
    }

    /** True when the user exists in Clerk under this legacy id (created, found or linked). */
    public boolean isInClerk() {
        return this == MIGRATED || this == LINKED;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MigrationState ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
