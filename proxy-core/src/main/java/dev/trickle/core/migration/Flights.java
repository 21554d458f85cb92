package dev.trickle.core.migration;

import dev.trickle.core.ratelimit.BoundedPool;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One migration per legacy id in flight in this process. A later attempt for the same user shares
 * the running one's outcome, unless it carries a newer password (a password change, or a login
 * after an older retry: {@link MigrationAttempt#supersedes}): joining would let the user be created
 * with the old password and drop the new one. Such an attempt waits for the flight to settle and
 * then sets its password through a flight of its own; if its deadline passes first it lets go of
 * the password and the loss is recorded instead, so the next login sets it.
 */
final class Flights {
    /** Outcomes after which the user is in Clerk, so a lost password can be marked stale. */
    private static final Set<MigrationOutcome> IN_CLERK =
            EnumSet.of(
                    MigrationOutcome.CREATED,
                    MigrationOutcome.LINKED,
                    MigrationOutcome.ALREADY_PRESENT,
                    MigrationOutcome.PASSWORD_UPDATED);

    private final MigrationRun runs;
    private final BoundedPool pool;
    private final DeferredMigrations deferred;
    private final MigrationMetrics metrics;
    private final Map<String, Flight> inFlight = new ConcurrentHashMap<>();

    /**
     * The migration in flight for a user, and the attempt it carries: with its password until the
     * login it serves has gone on, then without (a later attempt is then judged against that, at
     * worst setting the same password once more).
     */
    private record Flight(
            AtomicReference<MigrationAttempt> attempt,
            CompletableFuture<MigrationOutcome> result) {}

    Flights(
            MigrationRun runs,
            BoundedPool pool,
            DeferredMigrations deferred,
            MigrationMetrics metrics) {
        this.runs = runs;
        this.pool = pool;
        this.deferred = deferred;
        this.metrics = metrics;
    }

    CompletableFuture<MigrationOutcome> start(MigrationAttempt attempt) {
        String legacyId = attempt.legacyId();
        Flight mine = new Flight(new AtomicReference<>(attempt), new CompletableFuture<>());
        Flight running = inFlight.putIfAbsent(legacyId, mine);
        if (running != null) {
            return attempt.supersedes(running.attempt().get())
                    ? after(running, attempt)
                    : running.result();
        }
        MigrationAttempt bare = attempt.withoutPassword();
        afterDeadlineOf(attempt, () -> mine.attempt().set(bare));
        if (attempt.trigger() != MigrationAttempt.Trigger.RETRY) {
            deferred.accept(legacyId);
        }
        long started = System.nanoTime();
        runs.run(attempt)
                .whenComplete(
                        (outcome, error) -> {
                            inFlight.remove(legacyId, mine);
                            if (error != null && !BoundedPool.isShed(error)) {
                                mine.result().completeExceptionally(error);
                                return;
                            }
                            MigrationOutcome settled = error == null ? outcome : shed(attempt);
                            metrics.outcome(settled, attempt, started);
                            mine.result().complete(settled);
                        });
        return mine.result();
    }

    /** The migration's work was dropped unrun by the pool: nothing more happens to it now. */
    private static MigrationOutcome shed(MigrationAttempt attempt) {
        attempt.withoutPassword()
                .event(MigrationOutcome.SHED)
                .log("migration shed: the migration pool was full or the login's deadline passed");
        return MigrationOutcome.SHED;
    }

    /**
     * Waits for {@code running} to settle, then sets this attempt's password on the user through a
     * flight of its own. The password is held only until this attempt's deadline: past it a timer
     * lets go of it, and once the flight settles the loss is recorded instead ({@link
     * #passwordLost}).
     */
    private CompletableFuture<MigrationOutcome> after(Flight running, MigrationAttempt attempt) {
        AtomicReference<MigrationAttempt> waiting = new AtomicReference<>(attempt);
        afterDeadlineOf(attempt, () -> waiting.set(null));
        MigrationAttempt bare = attempt.withoutPassword();
        long started = System.nanoTime();
        return running.result()
                .handle((outcome, error) -> error == null ? outcome : MigrationOutcome.SHED)
                .thenCompose(
                        outcome -> {
                            MigrationAttempt next = waiting.getAndSet(null);
                            if (next != null && !pool.hasPassed(next.deadline())) {
                                return start(next.asPasswordChange());
                            }
                            return passwordLost(bare, outcome)
                                    .whenComplete(
                                            (lost, e) -> metrics.outcome(lost, bare, started));
                        });
    }

    /**
     * A newer password that could not be set in time: a user in Clerk is marked {@code
     * password_stale} so its next login sets it; a user still deferred loses the job kept for its
     * retry, which carries the older password, and may not keep another until a migration with its
     * current password starts (the next login, or the legacy digest after a restart).
     */
    private CompletableFuture<MigrationOutcome> passwordLost(
            MigrationAttempt bare, MigrationOutcome settled) {
        if (IN_CLERK.contains(settled)) {
            return runs.markStale(bare, "superseded_while_in_flight");
        }
        deferred.refuse(bare.legacyId());
        boolean pending =
                settled == MigrationOutcome.DEFERRED
                        || settled == MigrationOutcome.SHED
                        || settled == MigrationOutcome.IN_PROGRESS;
        return CompletableFuture.completedFuture(pending ? MigrationOutcome.DEFERRED : settled);
    }

    /** Runs {@code forget} once the attempt's login has gone on (in real time). */
    private void afterDeadlineOf(MigrationAttempt attempt, Runnable forget) {
        Duration left = pool.remaining(attempt.deadline());
        CompletableFuture.delayedExecutor(left.toNanos(), TimeUnit.NANOSECONDS).execute(forget);
    }
}
