package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqliteSchemaLockTest {
    @TempDir Path dir;

    @Test
    void theDatabaseFileIsFoundInEveryUrlFormSqliteAccepts() {
        Path cwd = Path.of("").toAbsolutePath();

        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:/var/lib/trickle/ledger.db"))
                .contains(Path.of("/var/lib/trickle/ledger.db"));
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:trickle-ledger.db"))
                .contains(cwd.resolve("trickle-ledger.db"));
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:/data/l.db?busy_timeout=1000"))
                .contains(Path.of("/data/l.db"));
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:file:/data/l.db?mode=rwc"))
                .contains(Path.of("/data/l.db"));
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:file:///data/l.db"))
                .contains(Path.of("/data/l.db"));
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite::memory:")).isEmpty();
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:file::memory:?cache=shared"))
                .isEmpty();
        assertThat(SqliteSchemaLock.databaseFile("jdbc:sqlite:file:shared?mode=memory")).isEmpty();
    }

    @Test
    void theLockFileSitsBesideTheDatabaseAndOutlivesTheLock() {
        String url = "jdbc:sqlite:" + dir.resolve("ledger.db");

        SqliteSchemaLock.acquire(url).close();

        assertThat(dir.resolve("ledger.db" + SqliteSchemaLock.SUFFIX)).exists();
    }

    @Test
    void anInMemoryLedgerOpensWithNoLockFile() throws IOException {
        try (Ledger ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite::memory:"),
                        new MutableClock(LedgerContract.START))) {
            assertThat(ledger.schemaVersion()).isEqualTo(3);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void processesStartingAtOnceOnAFreshFileEachEndAtTheNewestVersion() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("ledger.db");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    OpenThenReport.class.getName(),
                                    url)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start());
        }
        List<String> reported = new ArrayList<>();
        for (Process child : children) {
            try (InputStream out = child.getInputStream()) {
                reported.add(new String(out.readAllBytes(), StandardCharsets.UTF_8).strip());
            } finally {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }

        assertThat(reported).containsExactly("3", "3", "3");
        assertThat(appliedVersions(url)).containsExactly("1", "2", "3");
    }

    private static List<String> appliedVersions(String url) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet row =
                        s.executeQuery(
                                "SELECT version FROM flyway_schema_history ORDER BY installed_rank")) {
            while (row.next()) {
                versions.add(row.getString(1));
            }
        }
        return versions;
    }
}
