package dev.trickle.core.migration;

import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ledger's rows by state, counted now and then (a count scans the table) and kept for the
 * status page and the {@code trickle_ledger_users} gauges, which must not touch the database.
 */
public final class LedgerCensus {
    /** One count, and when it was taken. */
    public record Snapshot(Map<MigrationState, Long> byState, Instant countedAt) {
        public Snapshot {
            byState = Map.copyOf(byState);
        }
    }

    private final Ledger ledger;
    private final MigrationMetrics metrics;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();

    public LedgerCensus(Ledger ledger, MigrationMetrics metrics, Duration maxAge, Clock clock) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Counts again when the last count is older than {@code maxAge}; quiet if the ledger is down.
     */
    void refreshIfStale() {
        Snapshot last = latest.get();
        Instant now = clock.instant();
        if (last != null && last.countedAt().plus(maxAge).isAfter(now)) {
            return;
        }
        try {
            Snapshot fresh = new Snapshot(ledger.countsByState(), now);
            latest.set(fresh);
            metrics.ledgerCounts(fresh.byState());
        } catch (LedgerUnavailable e) {
            // The last count stands; the status page shows its age.
        }
    }

    public Optional<Snapshot> latest() {
        return Optional.ofNullable(latest.get());
    }
}
