package dev.trickle.core.ledger;

/**
 * Whether Trickle itself created a row's Clerk user, which decides whether a rollback may delete
 * it. Stored in {@code created_by_trickle}: 1, 0, or NULL for rows settled before schema V3 (or by
 * a caller that did not say).
 */
public enum ClerkOrigin {
    /** Trickle's own create call answered with this user. */
    CREATED,
    /** The user existed before: found by {@code external_id}, or linked by email. */
    FOUND,
    /** Not recorded: the row was settled before the ledger kept this fact. */
    UNKNOWN;

    Integer column() {
        return switch (this) {
            case CREATED -> 1;
            case FOUND -> 0;
            case UNKNOWN -> null;
        };
    }

    static ClerkOrigin ofColumn(int value, boolean wasNull) {
        if (wasNull) {
            return UNKNOWN;
        }
        return value == 0 ? FOUND : CREATED;
    }
}
