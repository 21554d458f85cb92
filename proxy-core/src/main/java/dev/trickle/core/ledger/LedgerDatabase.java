package dev.trickle.core.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's connection pool over SQLite or PostgreSQL, opened only once the schema is current
 * (see {@link LedgerSchema}). The parts of the ledger run their SQL through it; every statement
 * they use is valid in both dialects, so nothing here branches on the database but the pool
 * settings.
 */
final class LedgerDatabase implements AutoCloseable {
    /** Schema migration holds one connection for its lock and Flyway up to two more. */
    private static final int SCHEMA_POOL_SIZE = 3;

    private final HikariDataSource pool;
    private final int schemaVersion;

    private LedgerDatabase(HikariDataSource pool, int schemaVersion) {
        this.pool = pool;
        this.schemaVersion = schemaVersion;
    }

    /** Brings the schema up to date, then opens the pool; throws LedgerUnavailable if down. */
    static LedgerDatabase open(LedgerSettings settings, MeterRegistry registry) {
        int version;
        // Its own small pool, so that migrating works whatever ledger.poolSize is, and with no
        // socket timeout: a replica may wait its turn behind another one's migration.
        try (HikariDataSource schemaPool =
                start(settings, "trickle-ledger-schema", SCHEMA_POOL_SIZE, false)) {
            version = LedgerSchema.migrate(schemaPool, settings);
        }
        HikariDataSource pool = start(settings, "trickle-ledger", settings.poolSize(), true);
        // hikaricp_* meters: connections in use, waiting threads, how long a connection took.
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return new LedgerDatabase(pool, version);
    }

    private static HikariDataSource start(
            LedgerSettings settings, String name, int size, boolean socketTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.url());
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password().reveal());
        }
        config.setMaximumPoolSize(size);
        if (!socketTimeout) {
            // Short-lived: open only the connections the migration asks for.
            config.setMinimumIdle(0);
        }
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (settings.isSqlite()) {
            if (!socketTimeout) {
                // WAL is kept in the file once set. Setting it takes a lock, so only the schema
                // pool does, under the schema lock: a pool opening while another process
                // migrates the file would otherwise fail with SQLITE_BUSY before busy_timeout
                // applies.
                config.addDataSourceProperty("journal_mode", "WAL");
            }
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty(
                    "busy_timeout", String.valueOf(settings.connectionTimeout().toMillis()));
        } else {
            long seconds = Math.max(1, settings.connectionTimeout().toSeconds());
            config.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
            if (socketTimeout) {
                config.addDataSourceProperty("socketTimeout", String.valueOf(seconds * 10));
            }
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new LedgerUnavailable("ledger database unreachable: " + redacted(settings), e);
        }
    }

    /** The URL without its query, which may carry credentials. */
    static String redacted(LedgerSettings settings) {
        int query = settings.url().indexOf('?');
        return query < 0 ? settings.url() : settings.url().substring(0, query);
    }

    /** The schema version found (or reached) when the ledger was opened. */
    int schemaVersion() {
        return schemaVersion;
    }

    /** A pooled connection, for the few operations that need several statements on one. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Runs one INSERT, UPDATE or DELETE with {@code args} bound in order; rows changed. */
    int update(String sql, Object... args) {
        try (Connection c = pool.getConnection();
                PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Runs one SELECT with {@code args} bound in order; every row through {@code reader}. */
    <T> List<T> query(String sql, RowReader<T> reader, Object... args) {
        try (Connection c = pool.getConnection();
                PreparedStatement s = prepare(c, sql, args);
                ResultSet row = s.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (row.next()) {
                rows.add(reader.read(row));
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    static LedgerUnavailable unavailable(SQLException e) {
        return new LedgerUnavailable("ledger database error (SQLState " + e.getSQLState() + ")", e);
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Reads the current row of a result; may throw as JDBC does. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }
}
