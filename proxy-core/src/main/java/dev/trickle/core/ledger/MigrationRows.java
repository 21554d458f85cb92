package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state machine of the {@code ledger_user} rows, one per legacy user (see docs/ledger.md):
 * claim, then complete, defer, fail or mark a conflict; afterwards the corrections a login, the
 * retry worker or a cutover tool makes to a settled row. Every write is a single conditional
 * statement, so it is atomic across processes sharing the database and safe to repeat. Blocking:
 * call it from a bounded executor, never from an event loop.
 */
public final class MigrationRows {
    /**
     * The last error code of a user whose new password Clerk does not have yet, migrated or still
     * migrating.
     */
    public static final String PASSWORD_STALE = "password_stale";

    /** The start of a CASE that keeps the stale marker; the caller says what replaces the rest. */
    private static final String KEEP_STALE_MARKER =
            "CASE WHEN last_error_code = '" + PASSWORD_STALE + "' THEN last_error_code";

    private static final String CLAIMABLE =
            "(state = 'pending' OR (state = 'migrating' AND (claim_owner = ? OR claim_expires_at <= ?)))";
    private static final String SELECT = "SELECT " + RecordMapper.COLUMNS + " FROM ledger_user";

    private final LedgerDatabase database;
    private final Clock clock;

    MigrationRows(LedgerDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Optional<LedgerRecord> find(String legacyId) {
        try (Connection c = database.connection()) {
            return find(c, legacyId);
        } catch (SQLException e) {
            throw LedgerDatabase.unavailable(e);
        }
    }

    private static Optional<LedgerRecord> find(Connection c, String legacyId) throws SQLException {
        try (PreparedStatement s =
                        LedgerDatabase.prepare(c, SELECT + " WHERE legacy_id = ?", legacyId);
                ResultSet row = s.executeQuery()) {
            return row.next() ? Optional.of(RecordMapper.map(row)) : Optional.empty();
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
        try (Connection c = database.connection()) {
            int taken;
            try (PreparedStatement s =
                    LedgerDatabase.prepare(
                            c,
                            "INSERT INTO ledger_user (legacy_id, identifier, state, source, attempts,"
                                    + " claim_owner, claim_expires_at, first_seen_at, updated_at)"
                                    + " VALUES (?, ?, 'migrating', ?, 0, ?, ?, ?, ?)"
                                    + " ON CONFLICT (legacy_id) DO NOTHING",
                            legacyId,
                            identifier,
                            source.code(),
                            owner,
                            expires,
                            now,
                            now)) {
                taken = s.executeUpdate();
            }
            if (taken == 0) {
                try (PreparedStatement s =
                        LedgerDatabase.prepare(
                                c,
                                "UPDATE ledger_user SET state = 'migrating', claim_owner = ?,"
                                        + " claim_expires_at = ?, updated_at = ?"
                                        + " WHERE legacy_id = ? AND "
                                        + CLAIMABLE,
                                owner,
                                expires,
                                now,
                                legacyId,
                                owner,
                                now)) {
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
            throw LedgerDatabase.unavailable(e);
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
        boolean inClerk = outcome.isInClerk();
        // A password change another replica saw while this claim ran is still owed to Clerk.
        String errorCode = inClerk ? KEEP_STALE_MARKER + " END" : "NULL";
        return updateOwned(
                "state = ?, clerk_user_id = ?, migrated_at = ?, created_by_trickle = ?,"
                        + " last_error_code = "
                        + errorCode
                        + ", next_attempt_at = NULL",
                legacyId,
                owner,
                outcome.code(),
                clerkUserId.orElse(null),
                inClerk ? now : null,
                origin.column());
    }

    /**
     * Releases the claim as pending, to be retried at {@code nextAttemptAt}; attempts + 1. A {@link
     * #PASSWORD_STALE} marker set while the claim ran outlives the deferral's own reason: the
     * retry's password is older than the legacy app's.
     */
    public boolean defer(String legacyId, String owner, String errorCode, Instant nextAttemptAt) {
        return updateOwned(
                "state = 'pending', attempts = attempts + 1, last_error_code = "
                        + KEEP_STALE_MARKER
                        + " ELSE ? END, next_attempt_at = ?",
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

    private boolean updateOwned(String assignments, String legacyId, String owner, Object... args) {
        Object[] all = new Object[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = clock.millis();
        all[args.length + 1] = legacyId;
        all[args.length + 2] = owner;
        return database.update(
                        "UPDATE ledger_user SET "
                                + assignments
                                + ", claim_owner = NULL, claim_expires_at = NULL, updated_at = ?"
                                + " WHERE legacy_id = ? AND state = 'migrating' AND claim_owner = ?",
                        all)
                == 1;
    }

    /**
     * Records that a user's password changed in the legacy app and Clerk could not be told: the
     * user's next login that reaches the ledger sets it. Works on a user in Clerk and on one whose
     * migration is in flight (on this replica or another), whose completion or deferral keeps the
     * marker. False for any other row.
     */
    public boolean markPasswordStale(String legacyId) {
        return database.update(
                        "UPDATE ledger_user SET last_error_code = '"
                                + PASSWORD_STALE
                                + "', updated_at = ? WHERE legacy_id = ?"
                                + " AND state IN ('migrated', 'linked', 'migrating')",
                        clock.millis(),
                        legacyId)
                == 1;
    }

    /** Clears {@link #PASSWORD_STALE} once Clerk has the password. */
    public boolean clearPasswordStale(String legacyId) {
        return database.update(
                        "UPDATE ledger_user SET last_error_code = NULL, updated_at = ?"
                                + " WHERE legacy_id = ? AND state IN ('migrated', 'linked')"
                                + " AND last_error_code = '"
                                + PASSWORD_STALE
                                + "'",
                        clock.millis(),
                        legacyId)
                == 1;
    }

    /**
     * Makes a migrated or tombstoned user claimable again, to be created anew in Clerk (the {@code
     * recreate} policy for users deleted there). False if the row is in no such state.
     */
    public boolean reopen(String legacyId) {
        long now = clock.millis();
        return database.update(
                        "UPDATE ledger_user SET state = 'pending', clerk_user_id = NULL,"
                                + " migrated_at = NULL, last_error_code = 'deleted_in_clerk',"
                                + " next_attempt_at = ?, updated_at = ? WHERE legacy_id = ?"
                                + " AND state IN ('migrated', 'linked', 'deleted')",
                        now,
                        now,
                        legacyId)
                == 1;
    }

    /**
     * Records that the Clerk user {@code clerkUserId} carries this legacy id although the row never
     * settled (pending, failed, conflict, or a lease that expired mid-migration, e.g. after an
     * ambiguous create): the row becomes migrated. Who created the user is not known. False when
     * the row is settled or a live lease holds it.
     */
    public boolean adoptClerkUser(String legacyId, String clerkUserId) {
        long now = clock.millis();
        return database.update(
                        "UPDATE ledger_user SET state = 'migrated', clerk_user_id = ?,"
                                + " migrated_at = ?, created_by_trickle = NULL,"
                                + " claim_owner = NULL, claim_expires_at = NULL,"
                                + " next_attempt_at = NULL, last_error_code = NULL,"
                                + " updated_at = ? WHERE legacy_id = ? AND (state IN"
                                + " ('pending', 'failed', 'conflict') OR (state ="
                                + " 'migrating' AND claim_expires_at <= ?))",
                        clerkUserId,
                        now,
                        now,
                        legacyId,
                        now)
                == 1;
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
        return database.update(
                        "UPDATE ledger_user SET state = ?, claim_owner = NULL,"
                                + " claim_expires_at = NULL, next_attempt_at = NULL,"
                                + " updated_at = ? WHERE legacy_id = ?",
                        state,
                        clock.millis(),
                        legacyId)
                == 1;
    }

    /** Pending rows whose next attempt is at or before {@code now}, earliest first. */
    public List<LedgerRecord> due(Instant now, int limit) {
        return database.query(
                SELECT
                        + " WHERE state = 'pending' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at, legacy_id LIMIT ?",
                RecordMapper::map,
                now.toEpochMilli(),
                limit);
    }
}
