package dev.trickle.core.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
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
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The durable migration ledger over SQLite or PostgreSQL. Every write is a single conditional
 * statement, so it is atomic across processes sharing the database and safe to repeat. Blocking:
 * call it from a bounded executor, never from an event loop.
 */
public final class Ledger implements AutoCloseable {
    private static final String CLAIMABLE =
            "(state = 'pending' OR (state = 'migrating' AND (claim_owner = ? OR claim_expires_at <= ?)))";

    private final HikariDataSource pool;
    private final Clock clock;
    private final HourlyCounters counters;

    private Ledger(HikariDataSource pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.counters = new HourlyCounters(pool);
    }

    /** Opens the pool and applies pending schema migrations; throws LedgerUnavailable if down. */
    public static Ledger open(LedgerSettings settings, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("trickle-ledger");
        config.setJdbcUrl(settings.url());
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password().reveal());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (settings.isSqlite()) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty(
                    "busy_timeout", String.valueOf(settings.connectionTimeout().toMillis()));
        } else {
            long seconds = Math.max(1, settings.connectionTimeout().toSeconds());
            config.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
            config.addDataSourceProperty("socketTimeout", String.valueOf(seconds * 10));
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new LedgerUnavailable("ledger database unreachable: " + redacted(settings), e);
        }
        try (Connection connection = pool.getConnection()) {
            SchemaMigrator.migrate(connection, clock);
        } catch (SQLException e) {
            pool.close();
            throw new LedgerUnavailable("ledger schema migration failed: " + redacted(settings), e);
        }
        return new Ledger(pool, clock);
    }

    private static String redacted(LedgerSettings settings) {
        int query = settings.url().indexOf('?');
        return query < 0 ? settings.url() : settings.url().substring(0, query);
    }

    public Optional<LedgerRecord> find(String legacyId) {
        try (Connection c = pool.getConnection()) {
            return find(c, legacyId);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Optional<LedgerRecord> find(Connection c, String legacyId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT "
                                + RecordMapper.COLUMNS
                                + " FROM ledger_user WHERE legacy_id = ?")) {
            s.setString(1, legacyId);
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? Optional.of(RecordMapper.map(row)) : Optional.empty();
            }
        }
    }

    /**
     * Takes the lease on {@code legacyId}: inserts a new row, or takes over a pending row, an
     * expired lease or the caller's own lease. Exactly one concurrent caller gets {@code Claimed}.
     */
    public ClaimResult claim(
            String legacyId,
            String identifier,
            MigrationSource source,
            String owner,
            Duration lease) {
        long now = clock.millis();
        long expires = now + lease.toMillis();
        try (Connection c = pool.getConnection()) {
            int inserted;
            try (PreparedStatement s =
                    c.prepareStatement(
                            "INSERT INTO ledger_user (legacy_id, identifier, state, source, attempts,"
                                    + " claim_owner, claim_expires_at, first_seen_at, updated_at)"
                                    + " VALUES (?, ?, 'migrating', ?, 0, ?, ?, ?, ?)"
                                    + " ON CONFLICT (legacy_id) DO NOTHING")) {
                s.setString(1, legacyId);
                s.setString(2, identifier);
                s.setString(3, source.code());
                s.setString(4, owner);
                s.setLong(5, expires);
                s.setLong(6, now);
                s.setLong(7, now);
                inserted = s.executeUpdate();
            }
            int taken = inserted;
            if (inserted == 0) {
                try (PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE ledger_user SET state = 'migrating', claim_owner = ?,"
                                        + " claim_expires_at = ?, updated_at = ?"
                                        + " WHERE legacy_id = ? AND "
                                        + CLAIMABLE)) {
                    s.setString(1, owner);
                    s.setLong(2, expires);
                    s.setLong(3, now);
                    s.setString(4, legacyId);
                    s.setString(5, owner);
                    s.setLong(6, now);
                    taken = s.executeUpdate();
                }
            }
            LedgerRecord record = find(c, legacyId).orElseThrow();
            if (taken == 1) {
                return new ClaimResult.Claimed(record);
            }
            return record.state() == MigrationState.MIGRATING
                    ? new ClaimResult.HeldByOther(record)
                    : new ClaimResult.AlreadyDone(record);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Finishes the caller's claim with {@code outcome} (migrated, linked, conflict, skipped), not
     * saying who created the Clerk user ({@link ClerkOrigin#UNKNOWN}: a rollback leaves it alone).
     * False when the caller no longer holds the lease: someone else took it over, do not write to
     * Clerk twice.
     */
    public boolean complete(
            String legacyId, String owner, MigrationState outcome, Optional<String> clerkUserId) {
        return complete(legacyId, owner, outcome, clerkUserId, ClerkOrigin.UNKNOWN);
    }

    /**
     * As {@link #complete(String, String, MigrationState, Optional)}, recording whether Trickle
     * created the Clerk user ({@link ClerkOrigin#CREATED}) or found it ({@link ClerkOrigin#FOUND}):
     * only created users may be deleted by a rollback.
     */
    public boolean complete(
            String legacyId,
            String owner,
            MigrationState outcome,
            Optional<String> clerkUserId,
            ClerkOrigin origin) {
        long now = clock.millis();
        return updateOwned(
                "state = ?, clerk_user_id = ?, migrated_at = ?, created_by_trickle = ?,"
                        + " last_error_code = NULL, next_attempt_at = NULL",
                legacyId,
                owner,
                outcome.code(),
                clerkUserId.orElse(null),
                outcome == MigrationState.MIGRATED || outcome == MigrationState.LINKED ? now : null,
                origin.column());
    }

    /** Releases the claim as pending, to be retried at {@code nextAttemptAt}; attempts + 1. */
    public boolean defer(String legacyId, String owner, String errorCode, Instant nextAttemptAt) {
        return updateOwned(
                "state = 'pending', attempts = attempts + 1, last_error_code = ?,"
                        + " next_attempt_at = ?",
                legacyId,
                owner,
                errorCode,
                nextAttemptAt.toEpochMilli());
    }

    /** Gives up on the caller's claim for good; attempts + 1. */
    public boolean fail(String legacyId, String owner, String errorCode) {
        return updateOwned(
                "state = 'failed', attempts = attempts + 1, last_error_code = ?,"
                        + " next_attempt_at = NULL",
                legacyId,
                owner,
                errorCode);
    }

    /** Records that the email or username belongs to another Clerk user and policy stopped here. */
    public boolean markConflict(String legacyId, String owner, String errorCode) {
        return updateOwned(
                "state = 'conflict', last_error_code = ?, next_attempt_at = NULL",
                legacyId,
                owner,
                errorCode);
    }

    /** The last error code of a migrated user whose new password Clerk does not have yet. */
    public static final String PASSWORD_STALE = "password_stale";

    /**
     * Records that a migrated user's password changed in the legacy app and Clerk could not be
     * told: the user's next login sets it. False if the user is not migrated.
     */
    public boolean markPasswordStale(String legacyId) {
        return updateInClerk("last_error_code = '" + PASSWORD_STALE + "'", legacyId, "");
    }

    /** Clears {@link #PASSWORD_STALE} once Clerk has the password. */
    public boolean clearPasswordStale(String legacyId) {
        return updateInClerk(
                "last_error_code = NULL",
                legacyId,
                " AND last_error_code = '" + PASSWORD_STALE + "'");
    }

    /**
     * Makes a migrated or tombstoned user claimable again, to be created anew in Clerk (the {@code
     * recreate} policy for users deleted there). False if the row is in no such state.
     */
    public boolean reopen(String legacyId) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE ledger_user SET state = 'pending', clerk_user_id = NULL,"
                                        + " migrated_at = NULL, last_error_code = 'deleted_in_clerk',"
                                        + " next_attempt_at = ?, updated_at = ? WHERE legacy_id = ?"
                                        + " AND state IN ('migrated', 'linked', 'deleted')")) {
            long now = clock.millis();
            s.setLong(1, now);
            s.setLong(2, now);
            s.setString(3, legacyId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private boolean updateInClerk(String assignment, String legacyId, String condition) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE ledger_user SET "
                                        + assignment
                                        + ", updated_at = ? WHERE legacy_id = ?"
                                        + " AND state IN ('migrated', 'linked')"
                                        + condition)) {
            s.setLong(1, clock.millis());
            s.setString(2, legacyId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Records that the Clerk user {@code clerkUserId} carries this legacy id although the row never
     * settled (pending, failed, conflict, or a lease that expired mid-migration, e.g. after an
     * ambiguous create): the row becomes migrated. Who created the user is not known. False when
     * the row is settled or a live lease holds it.
     */
    public boolean adoptClerkUser(String legacyId, String clerkUserId) {
        long now = clock.millis();
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE ledger_user SET state = 'migrated', clerk_user_id = ?,"
                                        + " migrated_at = ?, created_by_trickle = NULL,"
                                        + " claim_owner = NULL, claim_expires_at = NULL,"
                                        + " next_attempt_at = NULL, last_error_code = NULL,"
                                        + " updated_at = ? WHERE legacy_id = ? AND (state IN"
                                        + " ('pending', 'failed', 'conflict') OR (state ="
                                        + " 'migrating' AND claim_expires_at <= ?))")) {
            s.setString(1, clerkUserId);
            s.setLong(2, now);
            s.setLong(3, now);
            s.setString(4, legacyId);
            s.setLong(5, now);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Marks a migrated user whose Clerk user was deleted afterwards, so it is not recreated. */
    public boolean tombstone(String legacyId) {
        return updateUnclaimed("deleted", legacyId);
    }

    /** Marks a user whose migration an operator rolled back. */
    public boolean markReverted(String legacyId) {
        return updateUnclaimed("reverted", legacyId);
    }

    private boolean updateUnclaimed(String state, String legacyId) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE ledger_user SET state = ?, claim_owner = NULL,"
                                        + " claim_expires_at = NULL, next_attempt_at = NULL,"
                                        + " updated_at = ? WHERE legacy_id = ?")) {
            s.setString(1, state);
            s.setLong(2, clock.millis());
            s.setString(3, legacyId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private boolean updateOwned(String assignments, String legacyId, String owner, Object... args) {
        String sql =
                "UPDATE ledger_user SET "
                        + assignments
                        + ", claim_owner = NULL, claim_expires_at = NULL, updated_at = ?"
                        + " WHERE legacy_id = ? AND state = 'migrating' AND claim_owner = ?";
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (Object arg : args) {
                s.setObject(i++, arg);
            }
            s.setLong(i++, clock.millis());
            s.setString(i++, legacyId);
            s.setString(i, owner);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Pending rows whose next attempt is at or before {@code now}, earliest first. */
    public List<LedgerRecord> due(Instant now, int limit) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT "
                                        + RecordMapper.COLUMNS
                                        + " FROM ledger_user WHERE state = 'pending'"
                                        + " AND next_attempt_at <= ?"
                                        + " ORDER BY next_attempt_at, legacy_id LIMIT ?")) {
            s.setLong(1, now.toEpochMilli());
            s.setInt(2, limit);
            List<LedgerRecord> rows = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    rows.add(RecordMapper.map(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public Map<MigrationState, Long> countsByState() {
        Map<MigrationState, Long> counts = new EnumMap<>(MigrationState.class);
        groupCount("state", code -> counts.put(MigrationState.ofCode(code.key()), code.count()));
        return counts;
    }

    public Map<MigrationSource, Long> countsBySource() {
        Map<MigrationSource, Long> counts = new EnumMap<>(MigrationSource.class);
        groupCount("source", code -> counts.put(MigrationSource.ofCode(code.key()), code.count()));
        return counts;
    }

    private record KeyCount(String key, long count) {}

    private void groupCount(String column, Consumer<KeyCount> sink) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT "
                                        + column
                                        + ", COUNT(*) FROM ledger_user GROUP BY "
                                        + column);
                ResultSet row = s.executeQuery()) {
            while (row.next()) {
                sink.accept(new KeyCount(row.getString(1), row.getLong(2)));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Streams every row in legacy-id order through {@code sink} with a server-side cursor, so
     * memory stays flat however large the ledger is. Returns the number of rows visited.
     */
    public long forEach(Consumer<LedgerRecord> sink) {
        try (Connection c = pool.getConnection()) {
            // PostgreSQL only honours the fetch size inside a transaction.
            c.setAutoCommit(false);
            try (PreparedStatement s =
                    c.prepareStatement(
                            "SELECT "
                                    + RecordMapper.COLUMNS
                                    + " FROM ledger_user ORDER BY legacy_id")) {
                s.setFetchSize(500);
                long visited = 0;
                try (ResultSet row = s.executeQuery()) {
                    while (row.next()) {
                        sink.accept(RecordMapper.map(row));
                        visited++;
                    }
                }
                c.commit();
                return visited;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Up to {@code limit} rows with a legacy id after {@code after} (from the first when empty), in
     * legacy-id order: for walks that call Clerk between pages and so must not hold a cursor (and
     * its transaction) open for hours.
     */
    public List<LedgerRecord> page(Optional<String> after, int limit) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT "
                                        + RecordMapper.COLUMNS
                                        + " FROM ledger_user"
                                        + (after.isPresent() ? " WHERE legacy_id > ?" : "")
                                        + " ORDER BY legacy_id LIMIT ?")) {
            int i = 1;
            if (after.isPresent()) {
                s.setString(i++, after.get());
            }
            s.setInt(i, limit);
            List<LedgerRecord> rows = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    rows.add(RecordMapper.map(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * An operator setting shared by every replica on this ledger (e.g. a run-time mode override);
     * empty when unset.
     */
    public Optional<String> setting(String name) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT value FROM ledger_setting WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public void putSetting(String name, String value) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO ledger_setting (name, value, updated_at) VALUES (?, ?, ?)"
                                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                                        + " updated_at = excluded.updated_at")) {
            s.setString(1, name);
            s.setString(2, value);
            s.setLong(3, clock.millis());
            s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public void removeSetting(String name) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement("DELETE FROM ledger_setting WHERE name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Adds a batch of successful logins to the hour of {@code at}: by users already in Clerk, and
     * by users who were not yet (the cutover-readiness series).
     */
    public void recordLogins(Instant at, long migrated, long notMigrated) {
        if (migrated > 0) {
            counters.add(at, "login", "migrated", migrated);
        }
        if (notMigrated > 0) {
            counters.add(at, "login", "not_migrated", notMigrated);
        }
    }

    /**
     * Rows that need an operator's eye (pending, conflict, failed) by state and last error code;
     * rows without a code are counted under {@code "none"}.
     */
    public Map<MigrationState, Map<String, Long>> problemsByReason() {
        Map<MigrationState, Map<String, Long>> counts = new EnumMap<>(MigrationState.class);
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT state, last_error_code, COUNT(*) FROM ledger_user"
                                        + " WHERE state IN ('pending', 'conflict', 'failed')"
                                        + " GROUP BY state, last_error_code");
                ResultSet row = s.executeQuery()) {
            while (row.next()) {
                String code = row.getString(2);
                counts.computeIfAbsent(
                                MigrationState.ofCode(row.getString(1)), k -> new TreeMap<>())
                        .merge(code == null ? "none" : code, row.getLong(3), Long::sum);
            }
            return counts;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Counts one migration outcome for the cutover-readiness charts. */
    public void recordOutcome(Instant at, MigrationState outcome, MigrationSource source) {
        counters.increment(at, "outcome", outcome.code() + "/" + source.code());
    }

    /** Counts one shadow-mode assessment (what migrate would have done) for the charts. */
    public void recordShadowOutcome(Instant at, String outcome) {
        counters.increment(at, "shadow", outcome);
    }

    /** Hourly counter buckets with start in [from, to), oldest first. */
    public List<CounterPoint> series(Instant from, Instant to) {
        return counters.series(from, to);
    }

    /** The highest schema script applied, for the status page and start-up log. */
    public int schemaVersion() {
        try (Connection c = pool.getConnection()) {
            return SchemaMigrator.currentVersion(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static LedgerUnavailable unavailable(SQLException e) {
        return new LedgerUnavailable("ledger database error (SQLState " + e.getSQLState() + ")", e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
