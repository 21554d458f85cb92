package dev.trickle.core.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings the ledger schema up to date at start-up: ordered scripts, each applied once and recorded
 * in {@code ledger_schema_version}. On PostgreSQL an advisory lock keeps two replicas starting
 * together from applying the same script twice.
 */
final class SchemaMigrations {
    private static final List<String> SCRIPTS = List.of("/ledger/V1__migrations.sql");
    private static final long ADVISORY_LOCK = 0x7472_6963_6b6cL;

    private SchemaMigrations() {}

    static void apply(Connection c, boolean postgres) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
            }
            s.executeUpdate(
                    "CREATE TABLE IF NOT EXISTS ledger_schema_version (version INTEGER NOT NULL)");
            int current = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM ledger_schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            for (int version = current + 1; version <= SCRIPTS.size(); version++) {
                for (String statement : read(SCRIPTS.get(version - 1)).split(";")) {
                    if (!statement.isBlank()) {
                        s.executeUpdate(statement);
                    }
                }
                s.executeUpdate(
                        "INSERT INTO ledger_schema_version (version) VALUES (" + version + ")");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static int latestVersion() {
        return SCRIPTS.size();
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
