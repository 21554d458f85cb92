package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A session-level advisory lock on a connection of its own. PostgreSQL frees it when the session
 * ends, so a replica killed mid-migration never leaves the others locked out. The second key is the
 * connection's {@code search_path}: ledgers in different schemas of one database do not wait for
 * each other.
 */
final class PostgresSchemaLock implements SchemaLock {
    /** "TRCK": tells Trickle's lock apart from other advisory locks in the same database. */
    static final int TRICKLE_KEY = 0x5452434B;

    private static final String LOCK_TIMEOUT = "55P03";

    private final Connection connection;
    private final int schemaKey;

    private PostgresSchemaLock(Connection connection, int schemaKey) {
        this.connection = connection;
        this.schemaKey = schemaKey;
    }

    static PostgresSchemaLock acquire(DataSource pool, Duration wait) throws SQLException {
        Connection connection = pool.getConnection();
        try {
            int schemaKey = searchPath(connection).hashCode();
            try (PreparedStatement timeout =
                    connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
                timeout.setString(1, Math.max(1, wait.toMillis()) + "ms");
                timeout.execute();
            }
            try (PreparedStatement lock =
                    connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, TRICKLE_KEY);
                lock.setInt(2, schemaKey);
                lock.execute();
            } catch (SQLException e) {
                if (LOCK_TIMEOUT.equals(e.getSQLState())) {
                    throw new LedgerUnavailable(
                            "ledger schema lock: another Trickle has been migrating this ledger"
                                    + " for over "
                                    + wait.toSeconds()
                                    + "s; start again once it is done",
                            e);
                }
                throw e;
            }
            return new PostgresSchemaLock(connection, schemaKey);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static String searchPath(Connection connection) throws SQLException {
        try (PreparedStatement show = connection.prepareStatement("SHOW search_path");
                ResultSet row = show.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    @Override
    public void close() {
        try (Connection c = connection;
                PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, TRICKLE_KEY);
            unlock.setInt(2, schemaKey);
            unlock.execute();
        } catch (SQLException e) {
            // The schema pool closes right after migrating, and its session with it: that frees
            // the lock all the same.
        }
    }
}
