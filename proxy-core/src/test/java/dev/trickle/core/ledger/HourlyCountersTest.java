package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class HourlyCountersTest extends SqliteDatabaseTest {
    private static final Instant HOUR = LedgerContract.START;

    private HourlyCounters counters;

    @BeforeEach
    void createCounters() {
        counters = new HourlyCounters(database);
    }

    @Test
    void shadowAssessmentsAreCountedUnderTheirOwnMetric() {
        counters.recordShadowOutcome(HOUR.plusSeconds(10), "would_migrate");
        counters.recordShadowOutcome(HOUR.plusSeconds(20), "would_migrate");
        counters.recordShadowOutcome(HOUR.plusSeconds(30), "would_conflict");

        assertThat(counters.series(HOUR, HOUR.plus(Duration.ofHours(1))))
                .containsExactly(
                        new CounterPoint(HOUR, "shadow", "would_conflict", 1),
                        new CounterPoint(HOUR, "shadow", "would_migrate", 2));
    }

    @Test
    void aBatchWithoutLoginsWritesNoRow() {
        counters.recordLogins(HOUR, 0, 0);
        counters.recordLogins(HOUR, 0, 3);

        assertThat(counters.series(HOUR, HOUR.plus(Duration.ofHours(1))))
                .containsExactly(new CounterPoint(HOUR, "login", "not_migrated", 3));
    }

    @Test
    void aSeriesStartsAtTheHourOfFromAndEndsBeforeTo() {
        Instant next = HOUR.plus(Duration.ofHours(1));
        counters.recordOutcome(HOUR, MigrationState.MIGRATED, MigrationSource.LOGIN);
        counters.recordOutcome(next, MigrationState.FAILED, MigrationSource.IMPORT);

        assertThat(counters.series(HOUR.plus(Duration.ofMinutes(30)), next))
                .containsExactly(new CounterPoint(HOUR, "outcome", "migrated/login", 1));
        assertThat(counters.series(next, next.plusSeconds(1)))
                .containsExactly(new CounterPoint(next, "outcome", "failed/import", 1));
    }
}
