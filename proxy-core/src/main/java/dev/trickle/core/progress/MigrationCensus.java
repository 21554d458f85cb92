package dev.trickle.core.progress;

import dev.trickle.core.ledger.CounterPoint;
import dev.trickle.core.ledger.HourlyCounters;
import dev.trickle.core.ledger.LedgerReports;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyDirectoryUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the migration stands, counted now and then rather than per request (a count scans tables):
 * the ledger's rows by state, the problems by reason, the legacy user total, and the hourly history
 * behind the charts and the cutover readiness. The status page and the gauges read the last
 * snapshot and never touch a database.
 */
public final class MigrationCensus {
    private static final Logger log = LoggerFactory.getLogger(MigrationCensus.class);

    /** The windows cutover readiness is reported over. */
    public static final List<Duration> READINESS_WINDOWS =
            List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));

    static final Duration HISTORY = Duration.ofDays(30);

    /** One count, and when it was taken. */
    public record Snapshot(
            Map<MigrationState, Long> byState,
            Map<MigrationState, Map<String, Long>> problems,
            OptionalLong legacyUsers,
            List<CounterPoint> history,
            Instant countedAt) {

        public Snapshot {
            byState = Map.copyOf(byState);
            problems = Map.copyOf(problems);
            history = List.copyOf(history);
        }

        /** Users in Clerk under their legacy id: migrated or linked. */
        public long inClerk() {
            return byState.getOrDefault(MigrationState.MIGRATED, 0L)
                    + byState.getOrDefault(MigrationState.LINKED, 0L);
        }

        /** In Clerk ÷ the legacy total; empty without a count query or with no legacy users. */
        public OptionalDouble migratedShare() {
            if (legacyUsers.isEmpty() || legacyUsers.getAsLong() == 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(Math.min(1.0, (double) inClerk() / legacyUsers.getAsLong()));
        }

        /**
         * Of the successful logins in the last {@code window}, the share made by users who were
         * already in Clerk; empty when there were none.
         */
        public OptionalDouble readiness(Duration window) {
            long[] logins =
                    CutoverForecast.loginsBetween(
                            history, countedAt.minus(window), countedAt.plusSeconds(1));
            long total = logins[0] + logins[1];
            return total == 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of((double) logins[0] / total);
        }
    }

    private final LedgerReports reports;
    private final HourlyCounters counters;
    private final Supplier<OptionalLong> legacyCount;
    private final Duration maxAge;
    private final Duration legacyMaxAge;
    private final Clock clock;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private OptionalLong legacyUsers = OptionalLong.empty();
    private Instant legacyCountedAt = Instant.MIN;

    /**
     * @param registry where the census's gauges are registered
     * @param legacyCount the legacy database's count query, or always empty without one
     * @param maxAge how old the ledger counts may get
     * @param legacyMaxAge how old the legacy count may get (it may be a slow query)
     */
    public MigrationCensus(
            LedgerReports reports,
            HourlyCounters counters,
            Supplier<OptionalLong> legacyCount,
            MeterRegistry registry,
            Duration maxAge,
            Duration legacyMaxAge,
            Clock clock) {
        this.reports = reports;
        this.counters = counters;
        this.legacyCount = legacyCount;
        this.maxAge = maxAge;
        this.legacyMaxAge = legacyMaxAge;
        this.clock = clock;
        CensusGauges.register(registry, this::latestOrNull);
    }

    /**
     * Counts again when the last count is older than {@code maxAge}; quiet if a database is down.
     */
    public void refreshIfStale() {
        Snapshot last = latest.get();
        Instant now = clock.instant();
        if (last != null && last.countedAt().plus(maxAge).isAfter(now)) {
            return;
        }
        refresh(now);
    }

    /** Counts now. */
    public void refresh() {
        refresh(clock.instant());
    }

    private synchronized void refresh(Instant now) {
        if (legacyCountedAt.plus(legacyMaxAge).isBefore(now)) {
            try {
                legacyUsers = legacyCount.get();
                legacyCountedAt = now;
            } catch (LegacyDirectoryUnavailable e) {
                log.warn("legacy user count failed: {}", e.getMessage());
            }
        }
        try {
            latest.set(
                    new Snapshot(
                            reports.countsByState(),
                            reports.problemsByReason(),
                            legacyUsers,
                            counters.series(now.minus(HISTORY), now.plusSeconds(1)),
                            now));
        } catch (LedgerUnavailable e) {
            // The last snapshot stands; the status page shows its age.
        }
    }

    public Optional<Snapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    private Snapshot latestOrNull() {
        return latest.get();
    }
}
