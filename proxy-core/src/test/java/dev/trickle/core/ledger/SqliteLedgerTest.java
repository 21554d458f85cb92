package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqliteLedgerTest extends LedgerContract {
    @TempDir Path dir;

    @Override
    LedgerSettings settings() {
        return LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db"));
    }

    @Test
    void theFileIsCreatedOnFirstStartInWalMode() throws SQLException {
        try (Connection c = DriverManager.getConnection(settings().url());
                ResultSet row = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            row.next();
            assertThat(row.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void noColumnIsNamedOrSizedToHoldAPasswordOrDigest() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(settings().url());
                ResultSet row = c.getMetaData().getColumns(null, null, "ledger_user", null)) {
            while (row.next()) {
                columns.add(row.getString("COLUMN_NAME"));
            }
        }
        assertThat(columns)
                .hasSize(14)
                .noneMatch(name -> name.matches(".*(pass|digest|hash|secret|salt).*"));
        assertThat(LedgerRecord.class.getRecordComponents())
                .extracting(component -> component.getName().toLowerCase())
                .noneMatch(name -> name.matches(".*(pass|digest|hash|secret|salt).*"));
    }
}
