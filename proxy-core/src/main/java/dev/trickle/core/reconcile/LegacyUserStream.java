package dev.trickle.core.reconcile;

import dev.trickle.core.config.Secret;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.legacy.LegacyDirectoryUnavailable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Streams every user of the legacy table through a configured query returning {@code id} and,
 * optionally, {@code email}: one read-only connection with a server-side cursor (PostgreSQL inside
 * a transaction, MariaDB/MySQL by fetch size), so memory stays flat however large the table is.
 */
public final class LegacyUserStream {
    private static final int FETCH_SIZE = 1000;

    private final LegacyDatabaseSettings database;
    private final String sql;

    public LegacyUserStream(LegacyDatabaseSettings database, String sql) {
        this.database = database;
        this.sql = sql;
    }

    /**
     * Hands each row's id and email (or {@code null}) to {@code sink}; the number of rows.
     *
     * @throws LegacyDirectoryUnavailable when the database or the query fails
     */
    public long forEach(BiConsumer<String, String> sink) {
        try (Connection c =
                DriverManager.getConnection(
                        database.connectionUrl(),
                        database.user().orElse(null),
                        database.password().map(Secret::reveal).orElse(null))) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setFetchSize(FETCH_SIZE);
                long rows = 0;
                try (ResultSet rs = q.executeQuery()) {
                    int email = column(rs.getMetaData(), "email");
                    int id = column(rs.getMetaData(), "id");
                    if (id == 0) {
                        throw new LegacyDirectoryUnavailable(
                                "the legacy users query returned no id column");
                    }
                    while (rs.next()) {
                        String legacyId = rs.getString(id);
                        if (legacyId != null) {
                            sink.accept(legacyId, email == 0 ? null : rs.getString(email));
                            rows++;
                        }
                    }
                }
                c.rollback();
                return rows;
            }
        } catch (SQLException e) {
            throw new LegacyDirectoryUnavailable("legacy users query failed: " + e.getMessage(), e);
        }
    }

    private static int column(ResultSetMetaData meta, String name) throws SQLException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).toLowerCase(Locale.ROOT).equals(name)) {
                return i;
            }
        }
        return 0;
    }
}
