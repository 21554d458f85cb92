package dev.trickle.core.migration;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The migration side's meters. Every tag value comes from a closed set (enums, configured route
 * names): never a user id, identifier or path.
 */
public final class MigrationMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MigrationOutcome, Timer> durations = new EnumMap<>(MigrationOutcome.class);
    private final Map<MigrationState, AtomicLong> ledgerUsers = new EnumMap<>(MigrationState.class);

    public MigrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MigrationOutcome outcome : MigrationOutcome.values()) {
            durations.put(
                    outcome,
                    Timer.builder(MigrationMeters.MIGRATION_DURATION)
                            .description("One migration attempt, from the ledger claim to settled")
                            .tag(MigrationMeters.TAG_OUTCOME, outcome.tag())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(30))
                            .register(registry));
        }
        for (MigrationState state : MigrationState.values()) {
            AtomicLong count = new AtomicLong();
            ledgerUsers.put(state, count);
            Gauge.builder(MigrationMeters.LEDGER_USERS, count, AtomicLong::doubleValue)
                    .description("Ledger rows by state (refreshed by the background worker)")
                    .tag(MigrationMeters.TAG_STATE, state.code())
                    .register(registry);
        }
    }

    /** Meters recorded nowhere, for tests and tools that do not export metrics. */
    public static MigrationMetrics discarding() {
        return new MigrationMetrics(new SimpleMeterRegistry());
    }

    void login(String route, LoginResult result) {
        counter(
                        MigrationMeters.LOGINS,
                        MigrationMeters.TAG_ROUTE,
                        route,
                        MigrationMeters.TAG_RESULT,
                        result.tag())
                .increment();
    }

    void outcome(MigrationOutcome outcome, MigrationSource source, Duration took) {
        counter(
                        MigrationMeters.MIGRATIONS,
                        MigrationMeters.TAG_SOURCE,
                        source.code(),
                        MigrationMeters.TAG_OUTCOME,
                        outcome.tag())
                .increment();
        durations.get(outcome).record(took);
    }

    void ledgerCounts(Map<MigrationState, Long> counts) {
        ledgerUsers.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
    }

    void deferredJobs(Supplier<Number> size) {
        Gauge.builder(MigrationMeters.DEFERRED_JOBS, size, s -> s.get().doubleValue())
                .description("Deferred migrations held in memory for an early retry")
                .register(registry);
    }

    void rollout(Supplier<Rollout> rollout) {
        for (MigrationMode mode : MigrationMode.values()) {
            Gauge.builder(MigrationMeters.MODE, rollout, r -> r.get().mode() == mode ? 1 : 0)
                    .description("1 for the migration mode in force")
                    .tag(MigrationMeters.TAG_MODE, mode.tag())
                    .register(registry);
        }
        Gauge.builder(MigrationMeters.ROLLOUT_PERCENT, rollout, r -> r.get().percent())
                .description("Share of legacy ids in the migration, by stable hash")
                .register(registry);
    }

    private Counter counter(
            String name, String firstTag, String firstValue, String secondTag, String second) {
        return counters.computeIfAbsent(
                name + '\0' + firstValue + '\0' + second,
                k ->
                        Counter.builder(name)
                                .tag(firstTag, firstValue)
                                .tag(secondTag, second)
                                .register(registry));
    }
}
