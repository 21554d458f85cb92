package dev.trickle.core.migration;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import java.time.Instant;

/**
 * A migration Clerk could not take in time, kept in memory until a retry settles it. Its password
 * plan never holds plaintext (see {@link PasswordPlans#durable}); the ledger row says it is
 * pending, so after a restart the worker or the user's next login picks it up without this.
 */
record DeferredMigration(
        LegacyIdentity identity,
        String identifier,
        PasswordPlan plan,
        MigrationSource source,
        Instant dueAt) {

    String legacyId() {
        return identity.legacyId();
    }

    DeferredMigration dueAt(Instant next) {
        return new DeferredMigration(identity, identifier, plan, source, next);
    }
}
