package dev.trickle.core.migration;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One user to migrate, with the password as the policy chose it.
 *
 * @param deadline when whoever waits for it goes on without it (a login after its budget, a
 *     background retry after its own): work for it still queued then is dropped
 * @param budget how long its Clerk calls may take, counted from the ledger claim
 */
record MigrationAttempt(
        LegacyIdentity identity,
        String identifier,
        PasswordPlan plan,
        MigrationSource source,
        String requestId,
        Trigger trigger,
        Deadline deadline,
        Duration budget) {

    // Lines keep the service's logger name: operators filter on it.
    private static final Logger log = LoggerFactory.getLogger(MigrationService.class);

    /** What started the attempt; it decides whose password is the newer one. */
    enum Trigger {
        /** A login (or a sign-up, or an import row): migrate the user. */
        LOGIN,
        /**
         * A password changed or reset in the legacy app: it replaces the user's current one, so a
         * migrated user's Clerk password is set too.
         */
        PASSWORD_CHANGE,
        /** A background retry of a deferred migration: it carries an earlier login's password. */
        RETRY
    }

    String legacyId() {
        return identity.legacyId();
    }

    boolean passwordChange() {
        return trigger == Trigger.PASSWORD_CHANGE;
    }

    /** The same user and password as a plain migration (a user to create again). */
    MigrationAttempt asMigration() {
        return trigger == Trigger.PASSWORD_CHANGE ? with(Trigger.LOGIN, plan) : this;
    }

    /** This attempt's password, to be set on the user whatever the ledger says. */
    MigrationAttempt asPasswordChange() {
        return with(Trigger.PASSWORD_CHANGE, plan);
    }

    /**
     * The same attempt without its password: what work after Clerk has answered keeps, so nothing
     * that waits for a pool thread holds the password.
     */
    MigrationAttempt withoutPassword() {
        return plan instanceof PasswordPlan.None ? this : with(trigger, new PasswordPlan.None());
    }

    /**
     * Whether this attempt, arriving while {@code running} is in flight for the same user, would
     * lose a newer password by joining it: it carries a different one, and it is the more recent
     * word on the password. A password change is always the more recent; a login is, except against
     * a running password change (it was checked before the change took effect, or its password
     * would be the same); a background retry or an import row never is (they carry an earlier
     * login's password, or a snapshot of the legacy table).
     */
    boolean supersedes(MigrationAttempt running) {
        if (trigger == Trigger.RETRY || source == MigrationSource.IMPORT) {
            return false;
        }
        if (plan instanceof PasswordPlan.None || plan.sameAs(running.plan)) {
            return false;
        }
        return !(trigger == Trigger.LOGIN && running.passwordChange());
    }

    /** One structured log line per migration event; never a password, digest or identifier. */
    LoggingEventBuilder event(MigrationOutcome outcome) {
        LoggingEventBuilder line =
                outcome == MigrationOutcome.FAILED
                                || outcome == MigrationOutcome.DEFERRED
                                || outcome == MigrationOutcome.SHED
                        ? log.atWarn()
                        : log.atInfo();
        return line.addKeyValue("request_id", requestId)
                .addKeyValue("legacy_id", legacyId())
                .addKeyValue("outcome", outcome.tag())
                .addKeyValue("source", source.code());
    }

    private MigrationAttempt with(Trigger newTrigger, PasswordPlan newPlan) {
        return new MigrationAttempt(
                identity, identifier, newPlan, source, requestId, newTrigger, deadline, budget);
    }

    @Override
    public String toString() {
        return "MigrationAttempt[legacyId="
                + legacyId()
                + ", trigger="
                + trigger
                + ", plan="
                + plan
                + "]";
    }
}
