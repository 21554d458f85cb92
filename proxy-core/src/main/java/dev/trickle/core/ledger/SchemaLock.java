package dev.trickle.core.ledger;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Held while the schema is checked and migrated, so that replicas (or a server and a cutover
 * command) starting at once on the same ledger take turns: the first migrates, the others then find
 * the schema current. Flyway's own lock does not cover creating its history table on an existing
 * schema, and does not exist for SQLite.
 */
sealed interface SchemaLock extends AutoCloseable permits PostgresSchemaLock, SqliteSchemaLock {
    /**
     * Blocks until no other process migrates this ledger.
     *
     * @param wait how long to wait on PostgreSQL before giving up with {@link LedgerUnavailable}
     */
    static SchemaLock acquire(DataSource pool, LedgerSettings settings, Duration wait)
            throws SQLException {
        return settings.isSqlite()
                ? SqliteSchemaLock.acquire(settings.url())
                : PostgresSchemaLock.acquire(pool, wait);
    }

    /** Releases the lock; never throws, as the migration's own outcome matters more. */
    @Override
    void close();
}
