package dev.trickle.core.migration;

import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.core.testkit.InMemoryClerk;
import dev.trickle.core.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The migration's parts as {@code serve} wires them, on one hand-moved time line: a real SQLite
 * ledger in a temporary directory, the in-memory Clerk, a real pool for the ledger I/O. Each {@link
 * #replica} is a MigrationService as another process runs it: its own caches and flights, the same
 * ledger and Clerk.
 */
final class MigrationHarness implements AutoCloseable {
    /** How long a test waits for work on the pool threads; a failure, never a pause. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    final ManualClock clock = new ManualClock();
    final InMemoryClerk clerk = new InMemoryClerk(clock, clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Ledger ledger;
    final PasswordHashes hashes;
    final BoundedPool pool;

    MigrationHarness(Path dir) {
        ledger =
                Ledger.open(LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db")), clock);
        hashes = new PasswordHashes(HashSettings.defaults(), clock, meters);
        pool = BoundedPool.start("migration", 4, 256, clock, meters);
    }

    /** One replica's steps, wired as MigrationService wires them, for the tests of each step. */
    final class Steps {
        final MigrationPolicy policy;
        final String owner;
        final KnownUsers known = new KnownUsers(clock, MigrationCaches.MIN_SIZE);
        final DeferredMigrations deferred = new DeferredMigrations(100);
        final PasswordPlans passwords;
        final EmailTrust emails;
        final SettledRows settled;
        final MigrationRun runs;
        final MigrationAttempts attempts;

        Steps(MigrationPolicy policy, String owner) {
            this.policy = policy;
            this.owner = owner;
            passwords = new PasswordPlans(policy.password(), hashes);
            emails = new EmailTrust(policy.legacyEmailsVerified());
            settled =
                    new SettledRows(
                            ledger.rows(),
                            ledger.counters(),
                            pool,
                            owner,
                            clock,
                            policy.retry(),
                            passwords,
                            deferred,
                            100,
                            known);
            runs =
                    new MigrationRun(
                            clerk,
                            ledger.rows(),
                            pool,
                            owner,
                            policy,
                            emails,
                            settled,
                            deferred,
                            known,
                            new ProfileSync(clerk, emails, false));
            attempts = new MigrationAttempts(clerk, passwords, policy.loginBudget());
        }

        MigrationAttempt login(LegacyIdentity identity, String password) {
            return attempts.login(
                    identity,
                    identity.email().orElse(identity.legacyId()),
                    Optional.of(password),
                    MigrationSource.LOGIN,
                    "req-" + identity.legacyId());
        }

        /** Takes the ledger claim as a run would, for a test that settles the row by hand. */
        ClaimedRun claim(MigrationAttempt attempt) {
            ledger.rows()
                    .claim(
                            attempt.legacyId(),
                            attempt.identifier(),
                            attempt.source(),
                            owner,
                            policy.lease());
            return new ClaimedRun(attempt, 0, attempt.deadline());
        }
    }

    Steps steps(MigrationPolicy policy, String owner) {
        return new Steps(policy, owner);
    }

    MigrationService replica(MigrationPolicy policy, Supplier<Rollout> rollout, String owner) {
        return replica(policy, rollout, owner, MigrationMetrics.discarding());
    }

    MigrationService replica(
            MigrationPolicy policy,
            Supplier<Rollout> rollout,
            String owner,
            MigrationMetrics metrics) {
        return new MigrationService(
                clerk,
                ledger.rows(),
                ledger.counters(),
                hashes,
                pool,
                policy,
                MigrationCaches.DEFAULTS,
                rollout,
                owner,
                clock,
                metrics);
    }

    MigrationService service(MigrationPolicy policy, MigrationMode mode) {
        return replica(policy, () -> Rollout.everyone(mode), "replica-a");
    }

    static CompletableFuture<MigrationOutcome> login(
            MigrationService service, LegacyIdentity identity, String password) {
        return service.migrate(
                identity,
                identity.email().orElse(identity.legacyId()),
                Optional.of(password),
                MigrationSource.LOGIN,
                "req-" + identity.legacyId());
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not settle within " + PATIENCE, e);
        }
    }

    /**
     * Waits, spinning, for what the pool finishes after a future already completed (a deferred job
     * is kept once its password is hashed): a failure after {@link #PATIENCE}, never a sleep.
     */
    void eventually(BooleanSupplier condition) {
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            Thread.onSpinWait();
        }
    }

    LedgerRecord row(String legacyId) {
        return ledger.rows().find(legacyId).orElseThrow(() -> new AssertionError("no row"));
    }

    String clerkPassword(String legacyId) {
        return clerk.byExternalId(legacyId).orElseThrow().password().orElse("<none>");
    }

    @Override
    public void close() {
        pool.close();
        ledger.close();
    }
}
