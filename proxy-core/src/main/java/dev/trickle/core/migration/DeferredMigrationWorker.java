package dev.trickle.core.migration;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.core.progress.MigrationCensus;
import dev.trickle.core.rollout.RolloutControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes deferred migrations without waiting for the user's next login. Each tick it retries
 * this process's due {@link DeferredMigration}s, then sweeps the ledger for pending rows nobody
 * retried (their process restarted or died): those are migrated from the legacy database's digest
 * where one can be imported, else left for the user's next login.
 *
 * <p>A row another live replica deferred is retried by that replica at its {@code next_attempt_at};
 * only rows overdue by more than {@code orphanGrace} are taken here, so replicas do not race for
 * each other's work.
 */
public final class DeferredMigrationWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredMigrationWorker.class);
    private static final int BATCH = 64;
    private static final Duration AWAIT_LOGIN = Duration.ofHours(6);

    private final MigrationService service;
    private final MigrationRows rows;
    private final Function<String, Optional<LegacyIdentity>> directory;
    private final RolloutControl rollout;
    private final MigrationGate gate;
    private final MigrationCensus census;
    private final Duration interval;
    private final Duration orphanGrace;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /**
     * @param directory the legacy user by login identifier (the legacy database), or always empty
     *     when there is none
     */
    public DeferredMigrationWorker(
            MigrationService service,
            MigrationRows rows,
            Function<String, Optional<LegacyIdentity>> directory,
            RolloutControl rollout,
            MigrationCensus census,
            Duration interval,
            Duration orphanGrace,
            Clock clock) {
        this.service = service;
        this.rows = rows;
        this.directory = directory;
        this.rollout = rollout;
        this.gate = new MigrationGate(rollout);
        this.census = census;
        this.interval = interval;
        this.orphanGrace = orphanGrace;
        this.clock = clock;
        this.timer = DaemonThreads.timer("trickle-deferred-migrations");
    }

    /** A directory backed by the legacy database, for {@code database}-strategy deployments. */
    public static Function<String, Optional<LegacyIdentity>> lookingUpIn(
            Optional<LegacyUserDirectory> directory) {
        return identifier -> directory.flatMap(d -> d.find(identifier));
    }

    public DeferredMigrationWorker start() {
        timer.scheduleWithFixedDelay(
                this::tickQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A bad tick must not end the schedule: the next one tries again.
            log.warn("deferred-migration tick failed: {}", e.toString());
        }
    }

    /**
     * One pass: refresh the shared mode and the ledger census, retry what is due, sweep orphans.
     *
     * @return the migrations attempted
     */
    public int tick() {
        rollout.refresh();
        service.flushLoginCounts();
        census.refreshIfStale();
        if (!gate.retriesDeferred()) {
            return 0;
        }
        Instant now = clock.instant();
        List<CompletableFuture<MigrationOutcome>> attempts = new ArrayList<>();
        for (DeferredMigration job : service.dueDeferrals(now, BATCH)) {
            attempts.add(service.retry(job));
        }
        attempts.addAll(sweepOrphans(now));
        for (CompletableFuture<MigrationOutcome> attempt : attempts) {
            try {
                attempt.get(MigrationAttempts.RETRY_BUDGET.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Left pending in the ledger: a later tick or the next login settles it.
                log.debug("deferred migration attempt did not settle: {}", e.toString());
            }
        }
        return attempts.size();
    }

    private List<CompletableFuture<MigrationOutcome>> sweepOrphans(Instant now) {
        List<LedgerRecord> overdue;
        try {
            overdue = rows.due(now.minus(orphanGrace), BATCH);
        } catch (LedgerUnavailable e) {
            return List.of();
        }
        List<CompletableFuture<MigrationOutcome>> attempts = new ArrayList<>();
        for (LedgerRecord row : overdue) {
            if (service.holdsDeferral(row.legacyId())) {
                continue;
            }
            Optional<PasswordPlanned> planned = plan(row);
            if (planned.isEmpty()) {
                service.awaitLogin(
                        row.legacyId(), row.identifier(), row.source(), now.plus(AWAIT_LOGIN));
                continue;
            }
            attempts.add(
                    service.retry(
                            new DeferredMigration(
                                    planned.get().identity(),
                                    row.identifier(),
                                    planned.get().plan(),
                                    row.source(),
                                    "orphan-" + row.legacyId(),
                                    now)));
        }
        return attempts;
    }

    /** The orphan's user from the legacy database, when it can go to Clerk without a login. */
    private Optional<PasswordPlanned> plan(LedgerRecord row) {
        Optional<LegacyIdentity> identity;
        try {
            identity = directory.apply(row.identifier());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return identity.filter(found -> found.legacyId().equals(row.legacyId()))
                .flatMap(
                        found ->
                                service.passwords()
                                        .withoutLogin(found)
                                        .map(plan -> new PasswordPlanned(found, plan)));
    }

    private record PasswordPlanned(LegacyIdentity identity, PasswordPlan plan) {}

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
