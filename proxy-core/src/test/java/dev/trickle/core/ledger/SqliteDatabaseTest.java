package dev.trickle.core.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh SQLite ledger database for each test of one ledger part, and a clock to move. */
abstract class SqliteDatabaseTest {
    @TempDir Path dir;
    final MutableClock clock = new MutableClock(LedgerContract.START);
    LedgerDatabase database;

    @BeforeEach
    void openDatabase() {
        database =
                LedgerDatabase.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("l.db")),
                        new SimpleMeterRegistry());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
