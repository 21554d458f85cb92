package dev.trickle.core.migration;

import dev.trickle.core.ledger.HourlyCounters;
import dev.trickle.core.ledger.LedgerUnavailable;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Successful logins counted in memory and added to the ledger's hourly counters in batches: one
 * database write per flush rather than per login keeps the hot path free of I/O.
 */
final class LoginTally {
    private final LongAdder migrated = new LongAdder();
    private final LongAdder notMigrated = new LongAdder();

    /**
     * @param alreadyInClerk whether the user was in Clerk before this login
     */
    void count(boolean alreadyInClerk) {
        (alreadyInClerk ? migrated : notMigrated).increment();
    }

    /** Moves the counts to the ledger; a failed write puts them back for the next flush. */
    void flushTo(HourlyCounters counters, Instant at) {
        long m = migrated.sumThenReset();
        long n = notMigrated.sumThenReset();
        if (m == 0 && n == 0) {
            return;
        }
        try {
            counters.recordLogins(at, m, n);
        } catch (LedgerUnavailable e) {
            migrated.add(m);
            notMigrated.add(n);
        }
    }
}
