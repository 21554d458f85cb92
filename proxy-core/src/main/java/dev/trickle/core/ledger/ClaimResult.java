package dev.trickle.core.ledger;

/** The answer to {@link MigrationRows#claim}: go ahead, nothing to do, or someone else is on it. */
public sealed interface ClaimResult {
    LedgerRecord record();

    /** The caller now holds the lease and must complete, defer or fail the row. */
    record Claimed(LedgerRecord record) implements ClaimResult {}

    /** The row is past migration (migrated, linked, conflict, failed, ...); nothing to do. */
    record AlreadyDone(LedgerRecord record) implements ClaimResult {}

    /** Another owner holds an unexpired lease. */
    record HeldByOther(LedgerRecord record) implements ClaimResult {}
}
