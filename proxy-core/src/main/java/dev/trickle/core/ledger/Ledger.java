package dev.trickle.core.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/**
 * One opened ledger: the database, with its schema brought up to date, and the parts that work on
 * it, each handed to the callers that need it. Open one per process and close it at shutdown, after
 * everything that uses a part has stopped.
 *
 * <pre>
 *   Ledger.open ──▶ LedgerDatabase (pool; LedgerSchema migrates under a SchemaLock first)
 *        ├── rows()           MigrationRows   claim → complete | defer | fail | markConflict, ...
 *        ├── reports()        LedgerReports   counts, problems by reason, forEach, page
 *        ├── sharedSettings() SharedSettings  ledger_setting (the run-time kill switch)
 *        └── counters()       HourlyCounters  ledger_counter (cutover-readiness charts)
 * </pre>
 */
public final class Ledger implements AutoCloseable {
    private final LedgerDatabase database;
    private final MigrationRows rows;
    private final LedgerReports reports;
    private final SharedSettings sharedSettings;
    private final HourlyCounters counters;

    private Ledger(LedgerDatabase database, Clock clock) {
        this.database = database;
        this.rows = new MigrationRows(database, clock);
        this.reports = new LedgerReports(database);
        this.sharedSettings = new SharedSettings(database, clock);
        this.counters = new HourlyCounters(database);
    }

    /**
     * Migrates the schema (waiting for another process doing so) and opens the pool. Throws
     * LedgerUnavailable if the database is down, a migration fails, or the schema is newer than
     * this build knows.
     */
    public static Ledger open(LedgerSettings settings, Clock clock) {
        return open(settings, clock, new SimpleMeterRegistry());
    }

    /** As {@link #open(LedgerSettings, Clock)}, its connection pool metered on {@code registry}. */
    public static Ledger open(LedgerSettings settings, Clock clock, MeterRegistry registry) {
        return new Ledger(LedgerDatabase.open(settings, registry), clock);
    }

    public MigrationRows rows() {
        return rows;
    }

    public LedgerReports reports() {
        return reports;
    }

    public SharedSettings sharedSettings() {
        return sharedSettings;
    }

    public HourlyCounters counters() {
        return counters;
    }

    /** The schema version this ledger was at once opened (see docs/ledger.md). */
    public int schemaVersion() {
        return database.schemaVersion();
    }

    @Override
    public void close() {
        database.close();
    }
}
