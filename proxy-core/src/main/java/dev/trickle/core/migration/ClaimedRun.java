package dev.trickle.core.migration;

import dev.trickle.core.ratelimit.Deadline;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * An attempt that holds the ledger claim on its user.
 *
 * @param deadline for its Clerk calls: the attempt's budget from the claim
 */
record ClaimedRun(MigrationAttempt attempt, int priorAttempts, Deadline deadline) {

    String legacyId() {
        return attempt.legacyId();
    }

    /** For work after Clerk answered: nothing queued for a pool thread holds the password. */
    ClaimedRun withoutPassword() {
        return new ClaimedRun(attempt.withoutPassword(), priorAttempts, deadline);
    }

    LoggingEventBuilder event(MigrationOutcome outcome) {
        return attempt.event(outcome).addKeyValue("attempt", priorAttempts + 1);
    }
}
