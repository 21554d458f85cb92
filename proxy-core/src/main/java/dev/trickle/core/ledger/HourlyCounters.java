package dev.trickle.core.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The cutover-readiness counters in {@code ledger_counter}: upserted per hour, metric and label, so
 * the table stays bounded (24 rows a day per label) and the charts survive restarts. Each write is
 * one statement; callers on a hot path batch (see {@code LoginTally}).
 */
public final class HourlyCounters {
    private final LedgerDatabase database;

    HourlyCounters(LedgerDatabase database) {
        this.database = database;
    }

    /**
     * Adds a batch of successful logins to the hour of {@code at}: by users already in Clerk, and
     * by users who were not yet (the cutover-readiness series).
     */
    public void recordLogins(Instant at, long migrated, long notMigrated) {
        if (migrated > 0) {
            add(at, "login", "migrated", migrated);
        }
        if (notMigrated > 0) {
            add(at, "login", "not_migrated", notMigrated);
        }
    }

    /** Counts one migration outcome for the cutover-readiness charts. */
    public void recordOutcome(Instant at, MigrationState outcome, MigrationSource source) {
        add(at, "outcome", outcome.code() + "/" + source.code(), 1);
    }

    /** Counts one shadow-mode assessment (what migrate would have done) for the charts. */
    public void recordShadowOutcome(Instant at, String outcome) {
        add(at, "shadow", outcome, 1);
    }

    private void add(Instant at, String metric, String label, long amount) {
        database.update(
                "INSERT INTO ledger_counter (bucket_start, metric, label, count)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (bucket_start, metric,"
                        + " label) DO UPDATE SET count = ledger_counter.count"
                        + " + excluded.count",
                at.truncatedTo(ChronoUnit.HOURS).toEpochMilli(),
                metric,
                label,
                amount);
    }

    /** Hourly counter buckets with start in [from, to), oldest first. */
    public List<CounterPoint> series(Instant from, Instant to) {
        return database.query(
                "SELECT bucket_start, metric, label, count FROM ledger_counter"
                        + " WHERE bucket_start >= ? AND bucket_start < ?"
                        + " ORDER BY bucket_start, metric, label",
                row ->
                        new CounterPoint(
                                Instant.ofEpochMilli(row.getLong(1)),
                                row.getString(2),
                                row.getString(3),
                                row.getLong(4)),
                from.truncatedTo(ChronoUnit.HOURS).toEpochMilli(),
                to.toEpochMilli());
    }
}
