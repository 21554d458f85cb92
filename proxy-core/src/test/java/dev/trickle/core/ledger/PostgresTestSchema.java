package dev.trickle.core.ledger;

import dev.trickle.core.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A throw-away schema in the PostgreSQL on this machine, dropped with everything in it. */
final class PostgresTestSchema implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    final String name = "ledger_" + UUID.randomUUID().toString().replace("-", "");

    private PostgresTestSchema() {}

    static PostgresTestSchema create() {
        PostgresTestSchema schema = new PostgresTestSchema();
        execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    String url() {
        return SERVER + "?currentSchema=" + name;
    }

    LedgerSettings settings() {
        return new LedgerSettings(
                url(),
                USER,
                Secret.of(""),
                LedgerSettings.DEFAULT_POOL_SIZE,
                LedgerSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    /** A plain connection whose search path is this schema. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER, USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
