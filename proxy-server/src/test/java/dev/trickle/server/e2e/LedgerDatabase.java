package dev.trickle.server.e2e;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Where a test's ledger lives: a SQLite file (the default), or a PostgreSQL schema of its own (as
 * replicas share one), dropped on close.
 */
public final class LedgerDatabase implements AutoCloseable {
    /** The two ledger stores Trickle supports. */
    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    private final String url;
    private final String schema;

    private LedgerDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    public static LedgerDatabase create(Kind kind, Path dir) throws SQLException {
        if (kind == Kind.SQLITE) {
            return new LedgerDatabase("jdbc:sqlite:" + dir.resolve("ledger.db"), null);
        }
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        String schema = "trickle_ledger_" + HexFormat.of().formatHex(suffix);
        try (Connection c = LegacyDatabase.POSTGRESQL.connect();
                Statement ddl = c.createStatement()) {
            ddl.execute("CREATE SCHEMA " + schema);
        }
        return new LedgerDatabase(
                LegacyDatabase.POSTGRESQL.jdbcUrl()
                        + "?user="
                        + LegacyDatabase.POSTGRESQL.user()
                        + "&currentSchema="
                        + schema,
                schema);
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection c = LegacyDatabase.POSTGRESQL.connect();
                Statement ddl = c.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
