package dev.trickle.core.reconcile;

import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationSource;
import java.time.Instant;
import java.util.Optional;

/**
 * Which ledger rows a rollback looks at: users in Clerk per the ledger, migrated since {@code
 * since} and from {@code source} when given.
 *
 * @param includeUnknown also delete migrated users whose origin the ledger does not know (settled
 *     before it recorded it); off by default, since some of them may predate Trickle
 */
public record RollbackScope(
        Optional<Instant> since, Optional<MigrationSource> source, boolean includeUnknown) {

    public static RollbackScope everything() {
        return new RollbackScope(Optional.empty(), Optional.empty(), false);
    }

    boolean covers(LedgerRecord row) {
        return row.state().isInClerk()
                && source.map(s -> s == row.source()).orElse(true)
                && since.map(s -> row.migratedAt().map(at -> !at.isBefore(s)).orElse(false))
                        .orElse(true);
    }
}
