package dev.trickle.core.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

final class SqliteLedgerSchemaTest extends LedgerSchemaContract {
    @TempDir Path dir;

    @Override
    LedgerSettings settings() {
        return LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db"));
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(settings().url());
    }

    @Override
    String booleanTrue() {
        return "1";
    }
}
