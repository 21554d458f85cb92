package dev.trickle.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.CounterPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CutoverForecastTest {
    private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aSteadyRiseIsExtendedToTheDayItReachesTheTarget() {
        // 50% ten days ago, +4 points a day: 86% yesterday, 95% on day +1.25 from yesterday's
        // start.
        List<CounterPoint> history = new ArrayList<>();
        for (int back = 10; back >= 1; back--) {
            int migrated = 50 + 4 * (10 - back);
            day(history, back, migrated, 100 - migrated);
        }

        Instant reached = CutoverForecast.reach(history, NOW, 0.95).orElseThrow();

        assertThat(reached)
                .isBetween(TODAY.plus(Duration.ofHours(29)), TODAY.plus(Duration.ofHours(31)));
    }

    @Test
    void aFlatOrFallingShareHasNoForecast() {
        List<CounterPoint> flat = new ArrayList<>();
        List<CounterPoint> falling = new ArrayList<>();
        for (int back = 7; back >= 1; back--) {
            day(flat, back, 60, 40);
            day(falling, back, 40 + back, 60 - back);
        }

        assertThat(CutoverForecast.reach(flat, NOW, 0.95)).isEmpty();
        assertThat(CutoverForecast.reach(falling, NOW, 0.95)).isEmpty();
    }

    @Test
    void aTargetAlreadyReachedYesterdayIsNow() {
        List<CounterPoint> history = new ArrayList<>();
        for (int back = 5; back >= 1; back--) {
            day(history, back, 97, 3);
        }

        assertThat(CutoverForecast.reach(history, NOW, 0.95)).contains(NOW);
    }

    @Test
    void daysWithTooFewLoginsDoNotCount() {
        List<CounterPoint> history = new ArrayList<>();
        for (int back = 6; back >= 1; back--) {
            day(history, back, back % 2 == 0 ? 3 : 1, 2);
        }

        assertThat(CutoverForecast.reach(history, NOW, 0.95)).isEmpty();
    }

    /** Logins of one day, spread over two of its hours as the ledger would hold them. */
    private static void day(List<CounterPoint> history, int daysBack, long migrated, long not) {
        Instant start = TODAY.minus(Duration.ofDays(daysBack));
        history.add(
                new CounterPoint(
                        start.plus(Duration.ofHours(9)), "login", "migrated", migrated / 2));
        history.add(
                new CounterPoint(
                        start.plus(Duration.ofHours(17)),
                        "login",
                        "migrated",
                        migrated - migrated / 2));
        history.add(
                new CounterPoint(start.plus(Duration.ofHours(9)), "login", "not_migrated", not));
        history.add(
                new CounterPoint(start.plus(Duration.ofHours(9)), "outcome", "migrated/login", 7));
    }
}
