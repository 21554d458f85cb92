package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.migration.MigrationAttempt.Trigger;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes the {@link MigrationAttempt} for each trigger: the password as the policy chooses it, and a
 * deadline taken when asked, so whoever waits goes on a budget from asking, not from when a pool
 * thread got to it.
 */
final class MigrationAttempts {
    /** A background retry has no user waiting: it may take longer than a login's budget. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(10);

    private final ClerkClient clerk;
    private final PasswordPlans passwords;
    private final Duration loginBudget;

    MigrationAttempts(ClerkClient clerk, PasswordPlans passwords, Duration loginBudget) {
        this.clerk = clerk;
        this.passwords = passwords;
        this.loginBudget = loginBudget;
    }

    MigrationAttempt login(
            LegacyIdentity identity,
            String identifier,
            Optional<String> password,
            MigrationSource source,
            String requestId) {
        return attempt(
                identity,
                identifier,
                passwords.choose(identity, password),
                source,
                requestId,
                Trigger.LOGIN,
                loginBudget);
    }

    MigrationAttempt passwordChange(
            LegacyIdentity identity, String identifier, String newPassword, String requestId) {
        return attempt(
                identity,
                identifier,
                passwords.choose(identity, Optional.of(newPassword)),
                MigrationSource.LOGIN,
                requestId,
                Trigger.PASSWORD_CHANGE,
                loginBudget);
    }

    MigrationAttempt retry(DeferredMigration job) {
        return attempt(
                job.identity(),
                job.identifier(),
                job.plan(),
                job.source(),
                job.requestId(),
                Trigger.RETRY,
                RETRY_BUDGET);
    }

    private MigrationAttempt attempt(
            LegacyIdentity identity,
            String identifier,
            PasswordPlan plan,
            MigrationSource source,
            String requestId,
            Trigger trigger,
            Duration budget) {
        return new MigrationAttempt(
                identity,
                identifier,
                plan,
                source,
                requestId,
                trigger,
                clerk.deadlineAfter(budget),
                budget);
    }
}
