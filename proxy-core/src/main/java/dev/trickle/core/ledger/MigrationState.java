package dev.trickle.core.ledger;

import java.util.Locale;

/**
 * Where a legacy user stands.
 *
 * <pre>
 *            claim                  complete
 *  PENDING ─────────▶ MIGRATING ──────────────▶ MIGRATED | LINKED | CONFLICT | SKIPPED
 *     ▲                  │   │ defer (Clerk slow/down)
 *     └──────────────────┘   └──────▶ FAILED (gave up; a later claim may retry)
 *  MIGRATED ──▶ DELETED (the Clerk user was deleted) | REVERTED (rolled back)
 * </pre>
 */
public enum MigrationState {
    PENDING,
    MIGRATING,
    MIGRATED,
    LINKED,
    CONFLICT,
    SKIPPED,
    FAILED,
    DELETED,
    REVERTED;

    /** The user is settled: a login needs nothing more from Clerk. */
    public boolean isDone() {
        return this == MIGRATED
                || this == LINKED
                || this == CONFLICT
                || this == SKIPPED
                || this == DELETED;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MigrationState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
