package dev.trickle.core.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger over JDBC, on SQLite or PostgreSQL with the same SQL. Exactly-once comes from the
 * database, not from this process: a claim is an insert-if-absent followed by one conditional
 * update, which at most one caller anywhere can win until its lease expires. Every write is a
 * single statement, so a process killed at any point leaves either the old row or the new one.
 * Blocking: call it from a worker pool.
 */
public final class MigrationLedger implements AutoCloseable {
    private static final String COLUMNS =
            "legacy_id, identifier, clerk_user_id, state, source, attempts, last_error, next_attempt_at,"
                    + " claim_owner, claim_expires_at, first_seen, migrated_at, updated_at";

    private final HikariDataSource pool;
    private final Clock clock;

    private MigrationLedger(HikariDataSource pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Opens the ledger, creating or upgrading its schema. */
    public static MigrationLedger open(LedgerSettings settings, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(p -> config.setPassword(p.reveal()));
        config.setMaximumPoolSize(settings.isSqlite() ? 1 : settings.maxPoolSize());
        config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
        config.setPoolName("trickle-ledger");
        if (settings.isSqlite()) {
            // One writer at a time is SQLite's model; WAL keeps readers from blocking on it.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "5000");
            config.addDataSourceProperty("synchronous", "FULL");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new LedgerUnavailable(
                    "cannot open the ledger at " + safeUrl(settings.url()) + ": " + e.getMessage(),
                    e);
        }
        try (Connection c = pool.getConnection()) {
            SchemaMigrations.apply(c, !settings.isSqlite());
        } catch (SQLException e) {
            pool.close();
            throw new LedgerUnavailable("cannot prepare the ledger schema: " + e.getMessage(), e);
        }
        return new MigrationLedger(pool, clock);
    }

    public Optional<MigrationRecord> find(String legacyId) {
        try (Connection c = pool.getConnection()) {
            return find(c, legacyId);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Takes the right to migrate {@code legacyId} for {@code lease}: the row is created on first
     * sight; a pending or failed row, or one whose previous claimant's lease ran out (it crashed),
     * is taken over.
     */
    public ClaimResult claim(
            String legacyId,
            String identifier,
            MigrationSource source,
            String owner,
            Duration lease) {
        long now = clock.millis();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement insert =
                    c.prepareStatement(
                            "INSERT INTO migrations (legacy_id, identifier, state, source, attempts, first_seen, updated_at)"
                                    + " VALUES (?, ?, 'pending', ?, 0, ?, ?) ON CONFLICT (legacy_id) DO NOTHING")) {
                insert.setString(1, legacyId);
                insert.setString(2, identifier);
                insert.setString(3, source.dbValue());
                insert.setLong(4, now);
                insert.setLong(5, now);
                insert.executeUpdate();
            }
            int won;
            try (PreparedStatement take =
                    c.prepareStatement(
                            "UPDATE migrations SET state = 'migrating', claim_owner = ?, claim_expires_at = ?,"
                                    + " attempts = attempts + 1, identifier = ?, updated_at = ?"
                                    + " WHERE legacy_id = ? AND (state IN ('pending', 'failed')"
                                    + " OR (state = 'migrating' AND claim_expires_at < ?))")) {
                take.setString(1, owner);
                take.setLong(2, now + lease.toMillis());
                take.setString(3, identifier);
                take.setLong(4, now);
                take.setString(5, legacyId);
                take.setLong(6, now);
                won = take.executeUpdate();
            }
            MigrationRecord record = find(c, legacyId).orElseThrow();
            if (won == 1) {
                return new ClaimResult.Claimed(record);
            }
            return record.state().isDone() || record.state() == MigrationState.REVERTED
                    ? new ClaimResult.AlreadyDone(record)
                    : new ClaimResult.HeldByOther(record);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Settles a claimed row; false when {@code owner} no longer holds the claim. */
    public boolean complete(
            String legacyId, String owner, MigrationState outcome, Optional<String> clerkUserId) {
        if (!outcome.isDone()) {
            throw new IllegalArgumentException(
                    "outcome: " + outcome + " (expected: a settled state)");
        }
        long now = clock.millis();
        return update(
                "UPDATE migrations SET state = ?, clerk_user_id = ?, migrated_at = ?, last_error = NULL,"
                        + " next_attempt_at = NULL, claim_owner = NULL, claim_expires_at = NULL, updated_at = ?"
                        + " WHERE legacy_id = ? AND state = 'migrating' AND claim_owner = ?",
                outcome.dbValue(),
                clerkUserId.orElse(null),
                now,
                now,
                legacyId,
                owner);
    }

    /** Gives the claim back as pending, to be retried from {@code nextAttemptAt}. */
    public boolean defer(String legacyId, String owner, String errorCode, Instant nextAttemptAt) {
        return update(
                "UPDATE migrations SET state = 'pending', last_error = ?, next_attempt_at = ?,"
                        + " claim_owner = NULL, claim_expires_at = NULL, updated_at = ?"
                        + " WHERE legacy_id = ? AND state = 'migrating' AND claim_owner = ?",
                errorCode,
                nextAttemptAt.toEpochMilli(),
                clock.millis(),
                legacyId,
                owner);
    }

    /** Gives up on the user for now (a later claim may retry it). */
    public boolean fail(String legacyId, String owner, String errorCode) {
        return update(
                "UPDATE migrations SET state = 'failed', last_error = ?, next_attempt_at = NULL,"
                        + " claim_owner = NULL, claim_expires_at = NULL, updated_at = ?"
                        + " WHERE legacy_id = ? AND state = 'migrating' AND claim_owner = ?",
                errorCode,
                clock.millis(),
                legacyId,
                owner);
    }

    /** Pending rows whose next attempt is due, oldest due first, for the background worker. */
    public List<MigrationRecord> due(Instant now, int limit) {
        try (Connection c = pool.getConnection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM migrations WHERE state = 'pending'"
                                        + " AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?"
                                        + " ORDER BY next_attempt_at, legacy_id LIMIT ?")) {
            q.setLong(1, now.toEpochMilli());
            q.setInt(2, limit);
            List<MigrationRecord> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public Map<MigrationState, Long> countByState() {
        Map<MigrationState, Long> counts = new EnumMap<>(MigrationState.class);
        for (MigrationState state : MigrationState.values()) {
            counts.put(state, 0L);
        }
        try (Connection c = pool.getConnection();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT state, COUNT(*) FROM migrations GROUP BY state");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                counts.put(MigrationState.fromDb(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private boolean update(String sql, Object... args) {
        try (Connection c = pool.getConnection();
                PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            return u.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Optional<MigrationRecord> find(Connection c, String legacyId)
            throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT " + COLUMNS + " FROM migrations WHERE legacy_id = ?")) {
            q.setString(1, legacyId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static MigrationRecord read(ResultSet rs) throws SQLException {
        return new MigrationRecord(
                rs.getString("legacy_id"),
                rs.getString("identifier"),
                Optional.ofNullable(rs.getString("clerk_user_id")),
                MigrationState.fromDb(rs.getString("state")),
                MigrationSource.fromDb(rs.getString("source")),
                rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("last_error")),
                instant(rs, "next_attempt_at"),
                Optional.ofNullable(rs.getString("claim_owner")),
                instant(rs, "claim_expires_at"),
                Instant.ofEpochMilli(rs.getLong("first_seen")),
                instant(rs, "migrated_at"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static LedgerUnavailable unavailable(SQLException e) {
        return new LedgerUnavailable("ledger database error: " + e.getMessage(), e);
    }

    /** The JDBC URL without its query string, which may carry a password. */
    private static String safeUrl(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public void close() {
        pool.close();
    }
}
