package dev.trickle.core.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Turns a {@code ledger_user} row into a {@link LedgerRecord}; times are epoch millis. */
final class RecordMapper {
    static final String COLUMNS =
            "legacy_id, identifier, clerk_user_id, state, source, attempts, last_error_code,"
                    + " next_attempt_at, claim_owner, claim_expires_at, first_seen_at, migrated_at,"
                    + " updated_at, created_by_trickle";

    private RecordMapper() {}

    static LedgerRecord map(ResultSet row) throws SQLException {
        return new LedgerRecord(
                row.getString(1),
                row.getString(2),
                Optional.ofNullable(row.getString(3)),
                MigrationState.ofCode(row.getString(4)),
                MigrationSource.ofCode(row.getString(5)),
                row.getInt(6),
                Optional.ofNullable(row.getString(7)),
                instant(row, 8),
                Optional.ofNullable(row.getString(9)),
                instant(row, 10),
                Instant.ofEpochMilli(row.getLong(11)),
                instant(row, 12),
                Instant.ofEpochMilli(row.getLong(13)),
                origin(row));
    }

    private static ClerkOrigin origin(ResultSet row) throws SQLException {
        int value = row.getInt(14);
        return ClerkOrigin.ofColumn(value, row.wasNull());
    }

    private static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
