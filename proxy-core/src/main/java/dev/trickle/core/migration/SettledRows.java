package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.HourlyCounters;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.ratelimit.BoundedPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a claimed run in the ledger once Clerk has answered: migrated or linked, a conflict, a
 * refusal for good, or a deferral kept for the {@link DeferredMigrationWorker}. These writes record
 * what Clerk already did, so they wait for a pool thread however long it takes, and what they wait
 * with never holds the password (see {@link ClaimedRun#withoutPassword()}).
 */
final class SettledRows {
    private static final Logger log = LoggerFactory.getLogger(MigrationService.class);

    /**
     * How long after a deferral the typed password may wait for the hash pool to turn it into a
     * bcrypt digest for the retry: about the time its login is still held (the login goes on at its
     * budget plus the verification allowance). Past it the password is dropped unhashed and the
     * user's next login migrates it.
     */
    static final Duration DURABLE_ALLOWANCE = Duration.ofSeconds(2);

    private final MigrationRows rows;
    private final HourlyCounters counters;
    private final BoundedPool pool;
    private final String owner;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final PasswordPlans passwords;
    private final DeferredMigrations deferred;
    private final KnownUsers known;
    private final int deferredCapacity;

    SettledRows(
            MigrationRows rows,
            HourlyCounters counters,
            BoundedPool pool,
            String owner,
            Clock clock,
            RetrySchedule schedule,
            PasswordPlans passwords,
            DeferredMigrations deferred,
            int deferredCapacity,
            KnownUsers known) {
        this.rows = rows;
        this.counters = counters;
        this.pool = pool;
        this.owner = owner;
        this.clock = clock;
        this.schedule = schedule;
        this.passwords = passwords;
        this.deferred = deferred;
        this.deferredCapacity = deferredCapacity;
        this.known = known;
    }

    /** The user is in Clerk (created, found by external_id, or linked). */
    CompletableFuture<MigrationOutcome> inClerk(
            ClaimedRun claimed,
            MigrationState state,
            String clerkUserId,
            MigrationOutcome outcome) {
        ClaimedRun run = claimed.withoutPassword();
        return pool.submit(
                () -> {
                    rows.complete(
                            run.legacyId(),
                            owner,
                            state,
                            Optional.ofNullable(clerkUserId),
                            outcome == MigrationOutcome.CREATED
                                    ? ClerkOrigin.CREATED
                                    : ClerkOrigin.FOUND);
                    deferred.remove(run.legacyId());
                    if (clerkUserId != null && state.isInClerk()) {
                        known.remember(run.attempt(), clerkUserId);
                    }
                    countOutcome(state, run.attempt().source());
                    run.event(outcome)
                            .addKeyValue("clerk_user_id", clerkUserId)
                            .log("migration {}", outcome.tag());
                    return outcome;
                });
    }

    /**
     * The email or username is another Clerk user's and policy (or trust) stops here; the reason
     * says which, for the operator (the other user's id is not recorded: it is not this user's).
     */
    CompletableFuture<MigrationOutcome> conflict(ClaimedRun run, String reason) {
        return withReason(
                run.withoutPassword(),
                MigrationState.CONFLICT,
                reason,
                () -> rows.markConflict(run.legacyId(), owner, reason),
                "migration conflict: {}");
    }

    /**
     * Transient trouble is deferred and kept for the worker; a refusal for good is recorded failed.
     */
    CompletableFuture<MigrationOutcome> clerkFailure(ClaimedRun run, ClerkError error) {
        String code = code(error);
        boolean transientTrouble =
                error.failure().retryable() || error.failure() == ClerkFailure.DEADLINE_EXCEEDED;
        if (!transientTrouble) {
            return withReason(
                    run.withoutPassword(),
                    MigrationState.FAILED,
                    code,
                    () -> rows.fail(run.legacyId(), owner, code),
                    "migration failed: Clerk refused the user ({})");
        }
        Instant next =
                schedule.next(clock.instant(), run.priorAttempts(), error.retryAfterDuration());
        // The password is hashed for the retry at once, beside the ledger write, so it waits for
        // the hash pool only (within DURABLE_ALLOWANCE) and never for the ledger.
        CompletableFuture<Optional<PasswordPlan>> durable =
                passwords.durable(run.attempt().plan(), DURABLE_ALLOWANCE);
        ClaimedRun bare = run.withoutPassword();
        CompletableFuture<Boolean> row =
                pool.submit(
                        () -> {
                            boolean stillMine = rows.defer(bare.legacyId(), owner, code, next);
                            bare.event(MigrationOutcome.DEFERRED)
                                    .addKeyValue("reason", code)
                                    .addKeyValue("next_attempt_at", next)
                                    .log("migration deferred: {}", code);
                            return stillMine;
                        });
        row.thenAcceptBoth(
                durable,
                (stillMine, plan) -> {
                    if (stillMine && plan.isPresent()) {
                        keep(bare.attempt(), plan.get(), next);
                    } else {
                        deferred.remove(bare.legacyId());
                    }
                });
        return row.thenApply(stillMine -> MigrationOutcome.DEFERRED);
    }

    private void keep(MigrationAttempt attempt, PasswordPlan plan, Instant next) {
        DeferredMigration job =
                new DeferredMigration(
                        attempt.identity(),
                        attempt.identifier(),
                        plan,
                        attempt.source(),
                        attempt.requestId(),
                        next);
        if (!deferred.put(job)) {
            log.warn(
                    "deferred-migration queue full ({}); legacy user {} waits for its next login",
                    deferredCapacity,
                    attempt.legacyId());
        }
    }

    /** Ends the claim on a state that carries a reason (a conflict, a refusal for good). */
    private CompletableFuture<MigrationOutcome> withReason(
            ClaimedRun run, MigrationState state, String reason, Runnable write, String message) {
        MigrationOutcome outcome =
                state == MigrationState.CONFLICT
                        ? MigrationOutcome.CONFLICT
                        : MigrationOutcome.FAILED;
        return pool.submit(
                () -> {
                    write.run();
                    deferred.remove(run.legacyId());
                    countOutcome(state, run.attempt().source());
                    run.event(outcome).addKeyValue("reason", reason).log(message, reason);
                    return outcome;
                });
    }

    static String code(ClerkError error) {
        return "clerk_" + error.failure().name().toLowerCase(Locale.ROOT);
    }

    private void countOutcome(MigrationState state, MigrationSource source) {
        try {
            counters.recordOutcome(clock.instant(), state, source);
        } catch (LedgerUnavailable e) {
            // The charts miss one count; the row itself is what matters and was written.
        }
    }
}
