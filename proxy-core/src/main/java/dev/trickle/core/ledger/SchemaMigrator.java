package dev.trickle.core.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Applies the ordered {@code V<n>__*.sql} scripts not yet recorded in {@code schema_version}, each
 * in its own transaction. Small enough that Flyway's weight and start-up cost buy nothing here.
 */
final class SchemaMigrator {
    private static final List<String> SCRIPTS =
            List.of("V1__ledger.sql", "V2__settings.sql", "V3__created_by_trickle.sql");

    private SchemaMigrator() {}

    static void migrate(Connection connection, Clock clock) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version"
                            + " (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
        }
        int current = currentVersion(connection);
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            apply(connection, version, SCRIPTS.get(version - 1), clock);
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, int version, String script, Clock clock)
            throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : read(script).split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert =
                    connection.prepareStatement(
                            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                insert.setInt(1, version);
                insert.setLong(2, clock.millis());
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("missing ledger schema script " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
