package dev.trickle.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyDirectoryUnavailable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MigrationCensusTest {
    private static final Instant NOW = Instant.parse("2026-12-01T15:30:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void aSnapshotCarriesProgressProblemsAndReadinessPerWindow() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (Ledger ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db")), clock)) {
            migrate(ledger, "1", MigrationState.MIGRATED);
            migrate(ledger, "2", MigrationState.LINKED);
            ledger.rows().claim("3", "c@example.com", MigrationSource.LOGIN, "me", LEASE);
            ledger.rows().markConflict("3", "me", "clerk_identifier_exists");
            ledger.rows().claim("4", "d@example.com", MigrationSource.LOGIN, "me", LEASE);
            ledger.rows().defer("4", "me", "clerk_rate_limited", NOW.plusSeconds(60));
            ledger.counters().recordLogins(NOW.minus(Duration.ofHours(2)), 30, 10);
            ledger.counters().recordLogins(NOW.minus(Duration.ofDays(3)), 0, 60);
            MigrationCensus census =
                    new MigrationCensus(
                            ledger.reports(),
                            ledger.counters(),
                            () -> OptionalLong.of(8),
                            new SimpleMeterRegistry(),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(5),
                            clock);

            census.refresh();

            MigrationCensus.Snapshot snapshot = census.latest().orElseThrow();
            assertThat(snapshot.inClerk()).isEqualTo(2);
            assertThat(snapshot.migratedShare()).hasValue(0.25);
            assertThat(snapshot.readiness(Duration.ofDays(1))).hasValue(0.75);
            assertThat(snapshot.readiness(Duration.ofDays(7))).hasValue(0.3);
            assertThat(snapshot.problems().get(MigrationState.CONFLICT))
                    .containsEntry("clerk_identifier_exists", 1L);
            assertThat(snapshot.problems().get(MigrationState.PENDING))
                    .containsEntry("clerk_rate_limited", 1L);
        }
    }

    @Test
    void aFailingLegacyCountKeepsTheLastOneAndTheLedgerCountsGoOn() {
        Instant[] now = {NOW};
        Clock clock =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now[0];
                    }
                };
        AtomicBoolean down = new AtomicBoolean();
        try (Ledger ledger =
                Ledger.open(LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("l.db")), clock)) {
            MigrationCensus census =
                    new MigrationCensus(
                            ledger.reports(),
                            ledger.counters(),
                            () -> {
                                if (down.get()) {
                                    throw new LegacyDirectoryUnavailable("legacy database down");
                                }
                                return OptionalLong.of(40);
                            },
                            new SimpleMeterRegistry(),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            clock);
            census.refresh();
            down.set(true);
            migrate(ledger, "1", MigrationState.MIGRATED);
            now[0] = NOW.plusSeconds(10);

            census.refreshIfStale();

            MigrationCensus.Snapshot snapshot = census.latest().orElseThrow();
            assertThat(snapshot.legacyUsers()).hasValue(40);
            assertThat(snapshot.inClerk()).isEqualTo(1);
            assertThat(snapshot.countedAt()).isEqualTo(NOW.plusSeconds(10));
        }
    }

    private static void migrate(Ledger ledger, String id, MigrationState state) {
        ledger.rows().claim(id, id + "@example.com", MigrationSource.LOGIN, "me", LEASE);
        ledger.rows().complete(id, "me", state, Optional.of("user_" + id));
    }
}
