package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SharedSettingsTest {
    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(LedgerContract.START);
    private LedgerDatabase database;
    private SharedSettings settings;

    @BeforeEach
    void open() {
        database = LedgerDatabase.open(LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("l.db")));
        settings = new SharedSettings(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aValueIsReplacedWithTheTimeOfTheLastPut() {
        settings.put("rollout", "first");
        clock.advance(Duration.ofMinutes(1));
        settings.put("rollout", "second");

        assertThat(settings.value("rollout")).contains("second");
        assertThat(
                        database.query(
                                "SELECT updated_at FROM ledger_setting WHERE name = ?",
                                row -> row.getLong(1),
                                "rollout"))
                .containsExactly(LedgerContract.START.plus(Duration.ofMinutes(1)).toEpochMilli());
    }

    @Test
    void namesAreIndependentAndRemovingAnUnsetOneIsHarmless() {
        settings.put("a", "1");
        settings.put("b", "2");

        settings.remove("a");
        settings.remove("never-set");

        assertThat(settings.value("a")).isEmpty();
        assertThat(settings.value("b")).contains("2");
    }
}
