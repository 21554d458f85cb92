package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs the contract against the PostgreSQL on this machine, one throw-away schema per test. */
final class PostgresLedgerTest extends LedgerContract {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "ledger_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    LedgerSettings settings() {
        return new LedgerSettings(
                SERVER + "?currentSchema=" + schema,
                "postgres",
                dev.trickle.core.config.Secret.of(""),
                LedgerSettings.DEFAULT_POOL_SIZE,
                LedgerSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    @Override
    @BeforeEach
    void openLedger() {
        execute("CREATE SCHEMA " + schema);
        super.openLedger();
    }

    @AfterEach
    void dropSchema() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
