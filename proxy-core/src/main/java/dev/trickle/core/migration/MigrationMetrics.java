package dev.trickle.core.migration;

import com.github.benmanes.caffeine.cache.Cache;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.metrics.LatencyBuckets;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The migration side's meters. Every tag value comes from a closed set (enums, configured route
 * names): never a user id, identifier or path.
 */
public final class MigrationMetrics {
    // Gauges read through lambdas nothing else holds: Micrometer's default weak reference would
    // let them be collected and report NaN, hence strongReference(true) on each.
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MigrationOutcome, Timer> durations = new EnumMap<>(MigrationOutcome.class);

    public MigrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MigrationOutcome outcome : MigrationOutcome.values()) {
            durations.put(
                    outcome,
                    Timer.builder(MigrationMeters.MIGRATION_DURATION)
                            .description("One migration attempt, from the ledger claim to settled")
                            .tag(MigrationMeters.TAG_OUTCOME, outcome.tag())
                            .serviceLevelObjectives(LatencyBuckets.bounds())
                            .register(registry));
            // At zero from the start, for the login path: rates and alerts see every outcome.
            counter(
                    MigrationMeters.MIGRATIONS,
                    MigrationMeters.TAG_SOURCE,
                    MigrationSource.LOGIN.code(),
                    MigrationMeters.TAG_OUTCOME,
                    outcome.tag());
        }
    }

    /**
     * Registers a login route's counters at zero, so that rates and alerts over them see a series
     * from the start rather than from each result's first login.
     */
    void routeRegistered(String route) {
        for (LoginResult result : LoginResult.values()) {
            counter(
                    MigrationMeters.LOGINS,
                    MigrationMeters.TAG_ROUTE,
                    route,
                    MigrationMeters.TAG_RESULT,
                    result.tag());
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

    /** An attempt's outcome, timed from {@code startedNanos}; none when it failed (a bug). */
    void outcome(MigrationOutcome outcome, MigrationAttempt attempt, long startedNanos) {
        if (outcome != null) {
            outcome(outcome, attempt.source(), Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }

    void deferredJobs(Supplier<Number> size) {
        Gauge.builder(MigrationMeters.DEFERRED_JOBS, size, s -> s.get().doubleValue())
                .description("Deferred migrations held in memory for an early retry")
                .strongReference(true)
                .register(registry);
    }

    void rollout(Supplier<Rollout> rollout) {
        for (MigrationMode mode : MigrationMode.values()) {
            Gauge.builder(MigrationMeters.MODE, rollout, r -> r.get().mode() == mode ? 1 : 0)
                    .description("1 for the migration mode in force")
                    .tag(MigrationMeters.TAG_MODE, mode.tag())
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(MigrationMeters.ROLLOUT_PERCENT, rollout, r -> r.get().percent())
                .description("Share of legacy ids in the migration, by stable hash")
                .strongReference(true)
                .register(registry);
    }

    /** Micrometer's {@code cache.*} meters for a cache built with {@code recordStats()}. */
    void cache(String name, Cache<?, ?> cache) {
        CaffeineCacheMetrics.monitor(registry, cache, name);
    }

    private Counter counter(
            String name, String firstTag, String firstValue, String secondTag, String second) {
        return counters.computeIfAbsent(
                name + '\0' + firstValue + '\0' + second,
                k ->
                        Counter.builder(name)
                                .description(
                                        name.equals(MigrationMeters.LOGINS)
                                                ? "Requests to login routes, by route and what"
                                                        + " checking them found"
                                                : "Migration attempts, by what put the user in"
                                                        + " the ledger and how the attempt ended")
                                .tag(firstTag, firstValue)
                                .tag(secondTag, second)
                                .register(registry));
    }
}
