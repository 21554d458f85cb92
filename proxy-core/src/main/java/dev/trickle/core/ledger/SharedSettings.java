package dev.trickle.core.ledger;

import java.time.Clock;
import java.util.Optional;

/**
 * Operator settings kept in the ledger's {@code ledger_setting} table, so that every replica on
 * this ledger sees the same value (e.g. the run-time kill switch of {@code RolloutControl}).
 */
public final class SharedSettings {
    private final LedgerDatabase database;
    private final Clock clock;

    SharedSettings(LedgerDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The value stored under {@code name}; empty when unset. */
    public Optional<String> value(String name) {
        return database
                .query(
                        "SELECT value FROM ledger_setting WHERE name = ?",
                        row -> row.getString(1),
                        name)
                .stream()
                .findFirst();
    }

    /** Stores {@code value} under {@code name}, replacing any earlier one. */
    public void put(String name, String value) {
        database.update(
                "INSERT INTO ledger_setting (name, value, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                        + " updated_at = excluded.updated_at",
                name,
                value,
                clock.millis());
    }

    /** Unsets {@code name}; nothing happens if it was not set. */
    public void remove(String name) {
        database.update("DELETE FROM ledger_setting WHERE name = ?", name);
    }
}
