package dev.trickle.core.migration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.ClaimResult;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.HourlyCounters;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Moves one verified legacy user to Clerk, exactly once: a cache answers repeat logins with no I/O;
 * one migration per legacy id runs in this process (single flight) and the ledger's claim extends
 * that to every replica; Clerk is asked by {@code external_id} before anything is created, so an
 * earlier ambiguous create (timeout, 5xx) is found rather than duplicated. When Clerk is slow or
 * down the row is deferred and a {@link DeferredMigration} without plaintext is kept for the {@link
 * DeferredMigrationWorker}.
 */
public final class MigrationService {
    private static final Logger log = LoggerFactory.getLogger(MigrationService.class);

    /** A background retry has no user waiting: it may take longer than a login's budget. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(10);

    private static final int DEFERRED_CAPACITY = 100_000;
    private static final long CACHE_SIZE = 1_000_000;

    private final ClerkClient clerk;
    private final MigrationRows rows;
    private final HourlyCounters counters;
    private final PasswordPlans passwords;
    private final Executor blocking;
    private final MigrationPolicy policy;
    private final Supplier<Rollout> rollout;
    private final String owner;
    private final Clock clock;
    private final MigrationMetrics metrics;
    private final RetrySchedule schedule;
    private final Cache<String, String> migrated;
    private final Cache<String, String> migratedIdentifiers;
    private final Cache<String, MigrationOutcome> assessed;
    private final DeferredMigrations deferred = new DeferredMigrations(DEFERRED_CAPACITY);
    private final LoginTally logins = new LoginTally();
    private final ProfileSync profiles;
    private final Map<String, CompletableFuture<MigrationOutcome>> inFlight =
            new ConcurrentHashMap<>();

    public MigrationService(
            ClerkClient clerk,
            MigrationRows rows,
            HourlyCounters counters,
            PasswordHashes hashes,
            Executor blocking,
            MigrationPolicy policy,
            Supplier<Rollout> rollout,
            String owner,
            Clock clock,
            MigrationMetrics metrics) {
        this(
                clerk,
                rows,
                counters,
                hashes,
                blocking,
                policy,
                rollout,
                owner,
                clock,
                metrics,
                RetrySchedule.DEFAULT);
    }

    MigrationService(
            ClerkClient clerk,
            MigrationRows rows,
            HourlyCounters counters,
            PasswordHashes hashes,
            Executor blocking,
            MigrationPolicy policy,
            Supplier<Rollout> rollout,
            String owner,
            Clock clock,
            MigrationMetrics metrics,
            RetrySchedule schedule) {
        this.clerk = clerk;
        this.rows = rows;
        this.counters = counters;
        this.passwords = new PasswordPlans(policy.password(), hashes);
        this.blocking = blocking;
        this.policy = policy;
        this.rollout = rollout;
        this.owner = owner;
        this.clock = clock;
        this.metrics = metrics;
        this.schedule = policy.retry();
        this.profiles = new ProfileSync(clerk);
        this.migrated = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
        // Identifiers can be renamed or reassigned in the legacy system: let them age out.
        this.migratedIdentifiers =
                Caffeine.newBuilder()
                        .maximumSize(CACHE_SIZE)
                        .expireAfterWrite(Duration.ofHours(1))
                        .build();
        this.assessed =
                Caffeine.newBuilder()
                        .maximumSize(CACHE_SIZE)
                        .expireAfterWrite(Duration.ofDays(1))
                        .build();
        metrics.deferredJobs(deferred::size);
        metrics.rollout(rollout);
    }

    /**
     * @param password the password just verified, when the login carried one; used only as {@link
     *     MigrationPolicy#password()} says, and never stored: a deferred migration keeps a bcrypt
     *     digest of it instead
     * @param requestId ties this migration's log lines to the request that caused it
     */
    public CompletableFuture<MigrationOutcome> migrate(
            LegacyIdentity identity,
            String identifier,
            Optional<String> password,
            MigrationSource source,
            String requestId) {
        Rollout current = rollout.get();
        if (current.mode() == MigrationMode.PASSTHROUGH || !current.includes(identity.legacyId())) {
            return CompletableFuture.completedFuture(MigrationOutcome.NOT_SELECTED);
        }
        if (current.mode() == MigrationMode.SHADOW) {
            return assess(identity, source, requestId);
        }
        String known = migrated.getIfPresent(identity.legacyId());
        if (known != null) {
            migratedIdentifiers.put(identifier, identity.legacyId());
            syncProfile(identity, known, requestId);
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        Attempt attempt =
                new Attempt(
                        identity,
                        identifier,
                        passwords.choose(identity, password),
                        source,
                        requestId,
                        false);
        return singleFlight(attempt, policy.loginBudget());
    }

    /**
     * A password changed or reset in the legacy app: a migrated user gets it in Clerk, a user not
     * yet migrated is migrated with it. Never fails: trouble reaching Clerk marks the password
     * stale for the user's next login to set.
     */
    public CompletableFuture<MigrationOutcome> passwordChanged(
            LegacyIdentity identity, String identifier, String newPassword, String requestId) {
        Rollout current = rollout.get();
        if (current.mode() == MigrationMode.PASSTHROUGH || !current.includes(identity.legacyId())) {
            return CompletableFuture.completedFuture(MigrationOutcome.NOT_SELECTED);
        }
        if (current.mode() == MigrationMode.SHADOW) {
            return assess(identity, MigrationSource.LOGIN, requestId);
        }
        Attempt attempt =
                new Attempt(
                        identity,
                        identifier,
                        passwords.choose(identity, Optional.of(newPassword)),
                        MigrationSource.LOGIN,
                        requestId,
                        true);
        String cached = migrated.getIfPresent(identity.legacyId());
        if (cached != null) {
            long started = System.nanoTime();
            return updatePassword(attempt, cached, policy.loginBudget())
                    .whenComplete(
                            (outcome, error) -> {
                                if (outcome != null) {
                                    metrics.outcome(
                                            outcome,
                                            attempt.source(),
                                            Duration.ofNanos(System.nanoTime() - started));
                                }
                            });
        }
        return singleFlight(attempt, policy.loginBudget());
    }

    /**
     * Whether profile changes are copied to Clerk: then a login must show the legacy profile, even
     * a migrated user's.
     */
    public boolean syncsProfiles() {
        return policy.syncProfile();
    }

    /** In the background: the login does not wait for a profile update. */
    private void syncProfile(LegacyIdentity identity, String clerkUserId, String requestId) {
        if (policy.syncProfile()) {
            profiles.sync(identity, clerkUserId, requestId);
        }
    }

    /** Whether a repeat login of this user needs nothing from Clerk (cache only, no I/O). */
    public boolean isKnownMigrated(String legacyId) {
        return migrated.getIfPresent(legacyId) != null;
    }

    /**
     * The legacy id of an already-migrated user who logged in with {@code identifier}, from the
     * cache only: such a login needs neither the legacy check nor Clerk.
     */
    public Optional<String> migratedUserFor(String identifier) {
        return Optional.ofNullable(migratedIdentifiers.getIfPresent(identifier))
                .filter(this::isKnownMigrated);
    }

    /**
     * Counts a successful login for the cutover-readiness history.
     *
     * @param alreadyInClerk whether the user was in Clerk before this login
     */
    public void countSuccessfulLogin(boolean alreadyInClerk) {
        logins.count(alreadyInClerk);
    }

    /** Writes the logins counted since the last flush to the ledger's hourly counters. */
    void flushLoginCounts() {
        logins.flushTo(counters, clock.instant());
    }

    /** Deferred migrations held in memory, for the worker and the status page. */
    public int deferredCount() {
        return deferred.size();
    }

    List<DeferredMigration> dueDeferrals(Instant now, int limit) {
        return deferred.due(now, limit);
    }

    boolean holdsDeferral(String legacyId) {
        return deferred.contains(legacyId);
    }

    PasswordPlans passwords() {
        return passwords;
    }

    /** Another try at a deferred migration; nothing happens unless the mode is migrate. */
    CompletableFuture<MigrationOutcome> retry(DeferredMigration job) {
        Rollout current = rollout.get();
        if (current.mode() != MigrationMode.MIGRATE || !current.includes(job.legacyId())) {
            return CompletableFuture.completedFuture(MigrationOutcome.NOT_SELECTED);
        }
        if (isKnownMigrated(job.legacyId())) {
            deferred.remove(job.legacyId());
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        return singleFlight(
                new Attempt(
                        job.identity(),
                        job.identifier(),
                        job.plan(),
                        job.source(),
                        job.requestId(),
                        false),
                RETRY_BUDGET);
    }

    /**
     * Pushes a pending row whose user cannot be migrated without logging in (no password material
     * and no legacy digest to import) to {@code until}, so the worker stops picking it.
     */
    void awaitLogin(String legacyId, String identifier, MigrationSource source, Instant until) {
        ClaimResult claim = rows.claim(legacyId, identifier, source, owner, policy.lease());
        if (claim instanceof ClaimResult.Claimed) {
            rows.defer(legacyId, owner, "awaiting_login", until);
        }
    }

    private CompletableFuture<MigrationOutcome> singleFlight(Attempt attempt, Duration budget) {
        String legacyId = attempt.identity().legacyId();
        CompletableFuture<MigrationOutcome> mine = new CompletableFuture<>();
        CompletableFuture<MigrationOutcome> running = inFlight.putIfAbsent(legacyId, mine);
        if (running != null) {
            return running;
        }
        long started = System.nanoTime();
        run(attempt, budget)
                .whenComplete(
                        (outcome, error) -> {
                            inFlight.remove(legacyId, mine);
                            if (error != null) {
                                mine.completeExceptionally(error);
                                return;
                            }
                            metrics.outcome(
                                    outcome,
                                    attempt.source(),
                                    Duration.ofNanos(System.nanoTime() - started));
                            mine.complete(outcome);
                        });
        return mine;
    }

    private CompletableFuture<MigrationOutcome> run(Attempt attempt, Duration budget) {
        String legacyId = attempt.identity().legacyId();
        return CompletableFuture.supplyAsync(
                        () ->
                                rows.claim(
                                        legacyId,
                                        attempt.identifier(),
                                        attempt.source(),
                                        owner,
                                        policy.lease()),
                        blocking)
                .thenCompose(
                        claim -> {
                            if (claim instanceof ClaimResult.AlreadyDone done) {
                                deferred.remove(legacyId);
                                return alreadySettled(attempt, done.record(), budget);
                            }
                            if (claim instanceof ClaimResult.HeldByOther) {
                                return CompletableFuture.completedFuture(
                                        MigrationOutcome.IN_PROGRESS);
                            }
                            Run run =
                                    new Run(
                                            attempt,
                                            claim.record().attempts(),
                                            clerk.deadlineAfter(budget));
                            return findOrCreate(run);
                        });
    }

    private CompletableFuture<MigrationOutcome> findOrCreate(Run run) {
        return clerk.listUsers(
                        UserQuery.byExternalIds(List.of(run.legacyId())),
                        Page.first(1),
                        run.deadline)
                .thenCompose(
                        found -> {
                            if (!found.isOk()) {
                                return settleFailure(run, found.error());
                            }
                            List<ClerkUser> users = found.value().users();
                            if (!users.isEmpty()) {
                                return settle(
                                        run,
                                        MigrationState.MIGRATED,
                                        users.get(0).id(),
                                        MigrationOutcome.ALREADY_PRESENT);
                            }
                            return create(run);
                        });
    }

    private CompletableFuture<MigrationOutcome> create(Run run) {
        LegacyIdentity identity = run.attempt.identity();
        CreateUserRequest.Builder request =
                CreateUserRequest.builder().externalId(identity.legacyId());
        identity.email()
                .ifPresent(
                        email ->
                                request.emailAddress(
                                        email,
                                        identity.emailVerified().orElse(true)
                                                ? IdentificationStatus.VERIFIED
                                                : IdentificationStatus.RESERVED));
        identity.username().ifPresent(request::username);
        identity.firstName().ifPresent(request::firstName);
        identity.lastName().ifPresent(request::lastName);
        identity.createdAt().ifPresent(request::createdAt);
        run.attempt.plan().applyTo(request);
        return clerk.createUser(request.build(), run.deadline)
                .thenCompose(
                        result -> {
                            if (result.isOk()) {
                                return settle(
                                        run,
                                        MigrationState.MIGRATED,
                                        result.value().id(),
                                        MigrationOutcome.CREATED);
                            }
                            ClerkError error = result.error();
                            if (error.failure() == ClerkFailure.EXTERNAL_ID_TAKEN) {
                                return findOrCreate(run);
                            }
                            if (error.failure() == ClerkFailure.IDENTIFIER_EXISTS) {
                                return conflict(run);
                            }
                            return settleFailure(run, error);
                        });
    }

    private CompletableFuture<MigrationOutcome> conflict(Run run) {
        LegacyIdentity identity = run.attempt.identity();
        if (policy.conflict() == MigrationPolicy.ConflictPolicy.SKIP
                || identity.email().isEmpty()) {
            return settleConflict(
                    run,
                    policy.conflict() == MigrationPolicy.ConflictPolicy.SKIP
                            ? "identifier_taken_policy_skip"
                            : "identifier_taken");
        }
        return clerk.listUsers(
                        UserQuery.byEmailAddresses(List.of(identity.email().get())),
                        Page.first(1),
                        run.deadline)
                .thenCompose(
                        found -> {
                            if (!found.isOk()) {
                                return settleFailure(run, found.error());
                            }
                            Optional<ClerkUser> holder = found.value().users().stream().findFirst();
                            if (holder.isEmpty()) {
                                return settleConflict(run, "username_taken");
                            }
                            if (holder.get().externalId() != null) {
                                return settleConflict(run, "email_taken_by_other_external_id");
                            }
                            return clerk.updateUser(
                                            holder.get().id(),
                                            UpdateUserRequest.externalId(identity.legacyId()),
                                            run.deadline)
                                    .thenCompose(
                                            updated ->
                                                    updated.isOk()
                                                            ? settle(
                                                                    run,
                                                                    MigrationState.LINKED,
                                                                    updated.value().id(),
                                                                    MigrationOutcome.LINKED)
                                                            : settleFailure(run, updated.error()));
                        });
    }

    private CompletableFuture<MigrationOutcome> settle(
            Run run, MigrationState state, String clerkUserId, MigrationOutcome outcome) {
        return CompletableFuture.supplyAsync(
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
                        remember(run.attempt, clerkUserId);
                    }
                    countOutcome(state, run.attempt.source());
                    event(run, outcome)
                            .addKeyValue("clerk_user_id", clerkUserId)
                            .log("migration {}", outcome.tag());
                    return outcome;
                },
                blocking);
    }

    /** One structured log line per migration event; never a password, digest or identifier. */
    private static LoggingEventBuilder event(Run run, MigrationOutcome outcome) {
        return event(run.attempt, outcome).addKeyValue("attempt", run.priorAttempts + 1);
    }

    private static LoggingEventBuilder event(Attempt attempt, MigrationOutcome outcome) {
        LoggingEventBuilder line =
                outcome == MigrationOutcome.FAILED || outcome == MigrationOutcome.DEFERRED
                        ? log.atWarn()
                        : log.atInfo();
        return line.addKeyValue("request_id", attempt.requestId())
                .addKeyValue("legacy_id", attempt.identity().legacyId())
                .addKeyValue("outcome", outcome.tag())
                .addKeyValue("source", attempt.source().code());
    }

    /** A ledger write whose failure costs only a retry later (the next login repeats it). */
    private static void quietly(Runnable write) {
        try {
            write.run();
        } catch (LedgerUnavailable e) {
            // Left as it was: the next login finds the marker and sets the password again.
        }
    }

    /**
     * The email or username is another Clerk user's and policy stops here; the reason says which,
     * for the operator (the other user's id is not recorded: it is not this user's).
     */
    private CompletableFuture<MigrationOutcome> settleConflict(Run run, String reason) {
        return settleWithReason(
                run,
                MigrationState.CONFLICT,
                reason,
                () -> rows.markConflict(run.legacyId(), owner, reason),
                "migration conflict: {}");
    }

    /** Ends the claim on a state that carries a reason (a conflict, a refusal for good). */
    private CompletableFuture<MigrationOutcome> settleWithReason(
            Run run, MigrationState state, String reason, Runnable ledgerWrite, String message) {
        MigrationOutcome outcome =
                state == MigrationState.CONFLICT
                        ? MigrationOutcome.CONFLICT
                        : MigrationOutcome.FAILED;
        return CompletableFuture.supplyAsync(
                () -> {
                    ledgerWrite.run();
                    deferred.remove(run.legacyId());
                    countOutcome(state, run.attempt.source());
                    event(run, outcome).addKeyValue("reason", reason).log(message, reason);
                    return outcome;
                },
                blocking);
    }

    /**
     * Transient trouble is deferred and kept for the worker; a refusal for good is recorded failed.
     */
    private CompletableFuture<MigrationOutcome> settleFailure(Run run, ClerkError error) {
        String code = "clerk_" + error.failure().name().toLowerCase(Locale.ROOT);
        boolean transientTrouble =
                error.failure().retryable() || error.failure() == ClerkFailure.DEADLINE_EXCEEDED;
        if (!transientTrouble) {
            return settleWithReason(
                    run,
                    MigrationState.FAILED,
                    code,
                    () -> rows.fail(run.legacyId(), owner, code),
                    "migration failed: Clerk refused the user ({})");
        }
        Instant next =
                schedule.next(clock.instant(), run.priorAttempts, error.retryAfterDuration());
        return CompletableFuture.supplyAsync(
                () -> {
                    boolean stillMine = rows.defer(run.legacyId(), owner, code, next);
                    event(run, MigrationOutcome.DEFERRED)
                            .addKeyValue("reason", code)
                            .addKeyValue("next_attempt_at", next)
                            .log("migration deferred: {}", code);
                    if (!stillMine) {
                        deferred.remove(run.legacyId());
                        return MigrationOutcome.DEFERRED;
                    }
                    // The login goes on now; hashing the password for the retry (bcrypt, tens of
                    // milliseconds, queued behind others in an outage) happens after.
                    passwords
                            .durable(run.attempt.plan())
                            .thenAccept(
                                    plan ->
                                            plan.ifPresentOrElse(
                                                    p -> keepForRetry(run.attempt, p, next),
                                                    () -> deferred.remove(run.legacyId())));
                    return MigrationOutcome.DEFERRED;
                },
                blocking);
    }

    private void keepForRetry(Attempt attempt, PasswordPlan plan, Instant next) {
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
                    DEFERRED_CAPACITY,
                    attempt.identity().legacyId());
        }
    }

    /** Shadow mode: what migrate would do, from read-only look-ups; once per user per day. */
    private CompletableFuture<MigrationOutcome> assess(
            LegacyIdentity identity, MigrationSource source, String requestId) {
        MigrationOutcome known = assessed.getIfPresent(identity.legacyId());
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        long started = System.nanoTime();
        Deadline deadline = clerk.deadlineAfter(policy.loginBudget());
        return new ShadowAssessment(clerk, policy.conflict(), deadline)
                .assess(identity)
                .thenApply(
                        outcome -> {
                            if (outcome != MigrationOutcome.UNASSESSED) {
                                assessed.put(identity.legacyId(), outcome);
                            }
                            metrics.outcome(
                                    outcome, source, Duration.ofNanos(System.nanoTime() - started));
                            blocking.execute(() -> countShadow(outcome));
                            log.atInfo()
                                    .addKeyValue("request_id", requestId)
                                    .addKeyValue("legacy_id", identity.legacyId())
                                    .addKeyValue("outcome", outcome.tag())
                                    .log("shadow assessment {}", outcome.tag());
                            return outcome;
                        });
    }

    /**
     * A user the ledger settled before. A migrated user's password is set in Clerk when this is a
     * password change, or when an earlier change could not reach Clerk; a user deleted in Clerk is
     * created again only under the {@code recreate} policy.
     */
    private CompletableFuture<MigrationOutcome> alreadySettled(
            Attempt attempt, LedgerRecord record, Duration budget) {
        Optional<String> clerkUserId =
                record.clerkUserId().filter(id -> record.state().isInClerk());
        if (clerkUserId.isPresent()) {
            boolean stale =
                    record.lastErrorCode().filter(MigrationRows.PASSWORD_STALE::equals).isPresent();
            if (attempt.passwordChange() || stale) {
                return updatePassword(attempt, clerkUserId.get(), budget);
            }
            remember(attempt, clerkUserId.get());
            syncProfile(attempt.identity(), clerkUserId.get(), attempt.requestId());
        }
        if (record.state() == MigrationState.DELETED
                && policy.onDeleted() == MigrationPolicy.DeletedUserPolicy.RECREATE) {
            return recreate(attempt, budget);
        }
        return CompletableFuture.completedFuture(settledEarlier(record.state()));
    }

    /**
     * Sets the password the attempt carries on an existing Clerk user. If Clerk cannot be told now,
     * the ledger marks the password stale and the user's next login (which carries it again) sets
     * it: a password is never kept for a background retry of an update.
     */
    private CompletableFuture<MigrationOutcome> updatePassword(
            Attempt attempt, String clerkUserId, Duration budget) {
        UpdateUserRequest request;
        if (attempt.plan() instanceof PasswordPlan.Plaintext typed) {
            request = UpdateUserRequest.password(typed.password(), true);
        } else if (attempt.plan() instanceof PasswordPlan.Digest digest) {
            request = UpdateUserRequest.passwordDigest(digest.digest(), digest.hasher());
        } else {
            remember(attempt, clerkUserId);
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        String legacyId = attempt.identity().legacyId();
        return clerk.updateUser(clerkUserId, request, clerk.deadlineAfter(budget))
                .thenCompose(
                        updated -> {
                            if (updated.isOk()) {
                                return CompletableFuture.supplyAsync(
                                        () -> {
                                            quietly(() -> rows.clearPasswordStale(legacyId));
                                            remember(attempt, clerkUserId);
                                            event(attempt, MigrationOutcome.PASSWORD_UPDATED)
                                                    .addKeyValue("clerk_user_id", clerkUserId)
                                                    .log("migration password_updated");
                                            return MigrationOutcome.PASSWORD_UPDATED;
                                        },
                                        blocking);
                            }
                            if (updated.error().failure() == ClerkFailure.NOT_FOUND) {
                                return deletedInClerk(attempt, budget);
                            }
                            String code =
                                    "clerk_"
                                            + updated.error()
                                                    .failure()
                                                    .name()
                                                    .toLowerCase(Locale.ROOT);
                            return CompletableFuture.supplyAsync(
                                    () -> {
                                        migrated.invalidate(legacyId);
                                        rows.markPasswordStale(legacyId);
                                        event(attempt, MigrationOutcome.DEFERRED)
                                                .addKeyValue("reason", code)
                                                .log(
                                                        "migration password update deferred to the"
                                                                + " next login: {}",
                                                        code);
                                        return MigrationOutcome.DEFERRED;
                                    },
                                    blocking);
                        });
    }

    /** Clerk no longer has a migrated user: a tombstone, or a new user, as the policy says. */
    private CompletableFuture<MigrationOutcome> deletedInClerk(Attempt attempt, Duration budget) {
        String legacyId = attempt.identity().legacyId();
        migrated.invalidate(legacyId);
        if (policy.onDeleted() == MigrationPolicy.DeletedUserPolicy.RECREATE) {
            return recreate(attempt, budget);
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    rows.tombstone(legacyId);
                    event(attempt, MigrationOutcome.DELETED_IN_CLERK)
                            .log("migration deleted_in_clerk: tombstoned, not created again");
                    return MigrationOutcome.DELETED_IN_CLERK;
                },
                blocking);
    }

    private CompletableFuture<MigrationOutcome> recreate(Attempt attempt, Duration budget) {
        return CompletableFuture.supplyAsync(
                        () -> rows.reopen(attempt.identity().legacyId()), blocking)
                .thenCompose(
                        reopened ->
                                reopened
                                        ? run(attempt.asMigration(), budget)
                                        : CompletableFuture.completedFuture(
                                                MigrationOutcome.NOT_SELECTED));
    }

    /** What a login learns when the ledger says this user was settled before. */
    private static MigrationOutcome settledEarlier(MigrationState state) {
        return switch (state) {
            case MIGRATED, LINKED -> MigrationOutcome.ALREADY_PRESENT;
            case CONFLICT -> MigrationOutcome.CONFLICT;
            case FAILED -> MigrationOutcome.FAILED;
            default -> MigrationOutcome.NOT_SELECTED;
        };
    }

    private void remember(Attempt attempt, String clerkUserId) {
        migrated.put(attempt.identity().legacyId(), clerkUserId);
        if (!attempt.identifier().isBlank()) {
            migratedIdentifiers.put(attempt.identifier(), attempt.identity().legacyId());
        }
    }

    private void countOutcome(MigrationState state, MigrationSource source) {
        try {
            counters.recordOutcome(clock.instant(), state, source);
        } catch (LedgerUnavailable e) {
            // The charts miss one count; the row itself is what matters and was written.
        }
    }

    private void countShadow(MigrationOutcome outcome) {
        try {
            counters.recordShadowOutcome(clock.instant(), outcome.tag());
        } catch (LedgerUnavailable e) {
            // A chart point lost; shadow mode writes nothing that matters.
        }
    }

    /**
     * One user to migrate, with the password as the policy chose it.
     *
     * @param passwordChange the password replaces the user's current one (a change or reset in the
     *     legacy app), so a migrated user's Clerk password is set too
     */
    private record Attempt(
            LegacyIdentity identity,
            String identifier,
            PasswordPlan plan,
            MigrationSource source,
            String requestId,
            boolean passwordChange) {

        Attempt asMigration() {
            return new Attempt(identity, identifier, plan, source, requestId, false);
        }
    }

    /** An attempt that holds the ledger claim. */
    private record Run(Attempt attempt, int priorAttempts, Deadline deadline) {
        String legacyId() {
            return attempt.identity().legacyId();
        }
    }
}
