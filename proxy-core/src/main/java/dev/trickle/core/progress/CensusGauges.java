package dev.trickle.core.progress;

import dev.trickle.core.ledger.MigrationState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The census's gauges, read from its last snapshot (NaN until the first count), so a scrape never
 * touches a database.
 */
final class CensusGauges {
    private CensusGauges() {}

    // Gauges read through lambdas nothing else holds: Micrometer's default weak reference would
    // let them be collected and report NaN, hence strongReference(true) on each.
    static void register(MeterRegistry registry, Supplier<MigrationCensus.Snapshot> latest) {
        for (MigrationState state : MigrationState.values()) {
            Gauge.builder(
                            ProgressMeters.LEDGER_USERS,
                            latest,
                            l -> from(l, s -> s.byState().getOrDefault(state, 0L)))
                    .description("Ledger rows by state (counted every 30 s)")
                    .tag(ProgressMeters.TAG_STATE, state.code())
                    .strongReference(true)
                    .register(registry);
        }
        for (Duration window : MigrationCensus.READINESS_WINDOWS) {
            Gauge.builder(
                            ProgressMeters.CUTOVER_READINESS,
                            latest,
                            l -> from(l, s -> s.readiness(window).orElse(Double.NaN)))
                    .description(
                            "Share of successful logins in the window made by users already in Clerk")
                    .tag(ProgressMeters.TAG_WINDOW, window.toDays() + "d")
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(
                        ProgressMeters.LEGACY_USERS,
                        latest,
                        l ->
                                from(
                                        l,
                                        s ->
                                                s.legacyUsers().isPresent()
                                                        ? s.legacyUsers().getAsLong()
                                                        : Double.NaN))
                .description("Legacy users the migration should reach (legacyDatabase.countQuery)")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        ProgressMeters.MIGRATED_SHARE,
                        latest,
                        l -> from(l, s -> s.migratedShare().orElse(Double.NaN)))
                .description("Users in Clerk (migrated or linked) / legacy users")
                .strongReference(true)
                .register(registry);
    }

    private static double from(
            Supplier<MigrationCensus.Snapshot> latest,
            ToDoubleFunction<MigrationCensus.Snapshot> value) {
        MigrationCensus.Snapshot snapshot = latest.get();
        return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
    }
}
