package dev.trickle.core.migration;

import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import java.util.function.Supplier;

/**
 * The one reader of mode × rollout: whether a user's login, password change or deferred retry
 * touches Clerk, and whether logins are intercepted at all (the kill switch). Every caller asks
 * here, so a rule changes in one place and the paths cannot drift apart.
 */
public final class MigrationGate {

    /** What the migration does for one user now. */
    public enum Decision {
        /** Nothing: the mode is passthrough, or the rollout leaves the user out. */
        NOT_SELECTED,
        /** Look the user up read-only and record what would happen (dry run). */
        SHADOW,
        /** Move the user to Clerk. */
        MIGRATE
    }

    private final Supplier<Rollout> rollout;

    public MigrationGate(Supplier<Rollout> rollout) {
        this.rollout = rollout;
    }

    /** For a verified login or a password change. */
    public Decision forLogin(String legacyId) {
        Rollout current = rollout.get();
        if (current.mode() == MigrationMode.PASSTHROUGH || !current.includes(legacyId)) {
            return Decision.NOT_SELECTED;
        }
        return current.mode() == MigrationMode.SHADOW ? Decision.SHADOW : Decision.MIGRATE;
    }

    /** For a deferred migration: a dry run has nothing to retry, so only migrate mode moves it. */
    public Decision forRetry(String legacyId) {
        return forLogin(legacyId) == Decision.MIGRATE ? Decision.MIGRATE : Decision.NOT_SELECTED;
    }

    /** Whether the background worker retries anything this tick: only in migrate mode. */
    public boolean retriesDeferred() {
        return rollout.get().mode() == MigrationMode.MIGRATE;
    }

    /**
     * Whether login routes are intercepted: passthrough is the kill switch and stops interception
     * itself, not just migration.
     */
    public boolean interceptsLogins() {
        return rollout.get().mode() != MigrationMode.PASSTHROUGH;
    }
}
