package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.HourlyCounters;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.rollout.Rollout;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Moves one verified legacy user to Clerk, exactly once: a cache answers repeat logins with no I/O;
 * one migration per legacy id runs in this process (single flight) and the ledger's claim extends
 * that to every replica; Clerk is asked by {@code external_id} before anything is created, so an
 * earlier ambiguous create (timeout, 5xx) is found rather than duplicated ({@link MigrationRun}).
 * When Clerk is slow or down the row is deferred and a {@link DeferredMigration} without plaintext
 * is kept for the {@link DeferredMigrationWorker}.
 *
 * <p>A login that finds its user's migration already in flight shares its outcome, unless it
 * carries a newer password ({@link Flights}).
 *
 * <p>Each login goes through the same steps, each its own class:
 *
 * <pre>
 *   MigrationGate      mode × rollout: not selected / shadow ({@link ShadowAssessments}) / migrate
 *   KnownUsers         already in Clerk? answered from memory, no I/O
 *   Flights            one migration per legacy id in this process
 *   MigrationRun       ledger claim (one per legacy id across replicas), then Clerk: find or create
 *   SettledRows        the ledger row ends migrated, linked, conflict, failed or deferred
 * </pre>
 */
public final class MigrationService {
    private static final int DEFERRED_CAPACITY = 100_000;

    private final HourlyCounters counters;
    private final PasswordPlans passwords;
    private final MigrationGate gate;
    private final MigrationAttempts attempts;
    private final Clock clock;
    private final MigrationMetrics metrics;
    private final KnownUsers known;
    private final ShadowAssessments shadow;
    private final DeferredMigrations deferred = new DeferredMigrations(DEFERRED_CAPACITY);
    private final LoginTally logins = new LoginTally();
    private final ProfileSync profiles;
    private final MigrationRun runs;
    private final Flights flights;

    /**
     * @param pool runs the ledger I/O; bounded, with the Clerk client's ticker (deadlines made by
     *     one are compared by the other, and the caches expire by it)
     */
    public MigrationService(
            ClerkClient clerk,
            MigrationRows rows,
            HourlyCounters counters,
            PasswordHashes hashes,
            BoundedPool pool,
            MigrationPolicy policy,
            MigrationCaches caches,
            Supplier<Rollout> rollout,
            String owner,
            Clock clock,
            MigrationMetrics metrics) {
        this.counters = counters;
        this.passwords = new PasswordPlans(policy.password(), hashes);
        this.gate = new MigrationGate(rollout);
        this.attempts = new MigrationAttempts(clerk, passwords, policy.loginBudget());
        this.clock = clock;
        this.metrics = metrics;
        this.known = new KnownUsers(pool.ticker(), caches.knownUsers());
        EmailTrust emails = new EmailTrust(policy.legacyEmailsVerified());
        this.shadow =
                new ShadowAssessments(
                        clerk,
                        counters,
                        pool,
                        policy,
                        emails,
                        clock,
                        metrics,
                        pool.ticker(),
                        caches.shadowAssessments());
        this.profiles = new ProfileSync(clerk, emails, policy.syncProfile());
        SettledRows settled =
                new SettledRows(
                        rows,
                        counters,
                        pool,
                        owner,
                        clock,
                        policy.retry(),
                        passwords,
                        deferred,
                        DEFERRED_CAPACITY,
                        known);
        this.runs =
                new MigrationRun(
                        clerk, rows, pool, owner, policy, emails, settled, deferred, known,
                        profiles);
        this.flights = new Flights(runs, pool, deferred, metrics);
        known.registerWith(metrics);
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
        MigrationGate.Decision decision = gate.forLogin(identity.legacyId());
        if (decision != MigrationGate.Decision.MIGRATE) {
            return notMigrating(decision, identity, source, requestId);
        }
        Optional<String> knownId = known.clerkUserId(identity.legacyId());
        if (knownId.isPresent()) {
            known.remember(identifier, identity.legacyId());
            profiles.syncIfEnabled(identity, knownId.get(), requestId);
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        return flights.start(attempts.login(identity, identifier, password, source, requestId));
    }

    /**
     * A password changed or reset in the legacy app: a migrated user gets it in Clerk, a user not
     * yet migrated is migrated with it. Never fails: trouble reaching Clerk marks the password
     * stale for the user's next login to set.
     */
    public CompletableFuture<MigrationOutcome> passwordChanged(
            LegacyIdentity identity, String identifier, String newPassword, String requestId) {
        MigrationGate.Decision decision = gate.forLogin(identity.legacyId());
        if (decision != MigrationGate.Decision.MIGRATE) {
            return notMigrating(decision, identity, MigrationSource.LOGIN, requestId);
        }
        MigrationAttempt attempt =
                attempts.passwordChange(identity, identifier, newPassword, requestId);
        Optional<String> cached = known.clerkUserId(identity.legacyId());
        if (cached.isEmpty()) {
            return flights.start(attempt);
        }
        long started = System.nanoTime();
        return runs.updatePassword(attempt, cached.get())
                .whenComplete((outcome, error) -> metrics.outcome(outcome, attempt, started));
    }

    /** Another try at a deferred migration; nothing happens unless the mode is migrate. */
    CompletableFuture<MigrationOutcome> retry(DeferredMigration job) {
        if (gate.forRetry(job.legacyId()) != MigrationGate.Decision.MIGRATE) {
            return CompletableFuture.completedFuture(MigrationOutcome.NOT_SELECTED);
        }
        if (isKnownMigrated(job.legacyId())) {
            deferred.remove(job.legacyId());
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        return flights.start(attempts.retry(job));
    }

    private CompletableFuture<MigrationOutcome> notMigrating(
            MigrationGate.Decision decision,
            LegacyIdentity identity,
            MigrationSource source,
            String requestId) {
        return decision == MigrationGate.Decision.SHADOW
                ? shadow.assess(identity, source, requestId)
                : CompletableFuture.completedFuture(MigrationOutcome.NOT_SELECTED);
    }

    /**
     * Whether profile changes are copied to Clerk: then a login must show the legacy profile, even
     * a migrated user's.
     */
    public boolean syncsProfiles() {
        return profiles.enabled();
    }

    /** Whether a repeat login of this user needs nothing from Clerk (cache only, no I/O). */
    public boolean isKnownMigrated(String legacyId) {
        return known.clerkUserId(legacyId).isPresent();
    }

    /**
     * The legacy id of an already-migrated user who logged in with {@code identifier}, from the
     * cache only: such a login needs neither the legacy check nor Clerk.
     */
    public Optional<String> migratedUserFor(String identifier) {
        return known.legacyIdFor(identifier);
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

    /**
     * Pushes a pending row whose user cannot be migrated without logging in (no password material
     * and no legacy digest to import) to {@code until}, so the worker stops picking it.
     */
    void awaitLogin(String legacyId, String identifier, MigrationSource source, Instant until) {
        runs.awaitLogin(legacyId, identifier, source, until);
    }
}
