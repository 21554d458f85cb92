package dev.trickle.core.ledger;

/** The answer to "may I migrate this user now?". */
public sealed interface ClaimResult {
    MigrationRecord record();

    /** Yes: this caller holds the lease and must complete, defer or fail the row. */
    record Claimed(MigrationRecord record) implements ClaimResult {}

    /** No need: the user is settled already. */
    record AlreadyDone(MigrationRecord record) implements ClaimResult {}

    /** Not now: another caller (another replica, perhaps) holds a live lease. */
    record HeldByOther(MigrationRecord record) implements ClaimResult {}
}
