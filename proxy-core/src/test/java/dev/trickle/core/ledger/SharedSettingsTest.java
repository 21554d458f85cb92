package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class SharedSettingsTest extends SqliteDatabaseTest {
    private SharedSettings settings;

    @BeforeEach
    void createSettings() {
        settings = new SharedSettings(database, clock);
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
