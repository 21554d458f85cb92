package dev.trickle.core.testkit;

import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.RetrySchedule;
import java.time.Duration;

/** Builds {@link MigrationPolicy} values from the configuration's defaults. */
public final class MigrationPolicies {
    private MigrationPolicy.PasswordMode password = MigrationPolicy.PasswordMode.PLAINTEXT;
    private MigrationPolicy.ConflictPolicy conflict = MigrationPolicy.ConflictPolicy.LINK;
    private Duration loginBudget = MigrationPolicy.DEFAULT_LOGIN_BUDGET;
    private Duration lease = MigrationPolicy.DEFAULT_LEASE;
    private RetrySchedule retry = RetrySchedule.DEFAULT;
    private MigrationPolicy.DeletedUserPolicy onDeleted = MigrationPolicy.DeletedUserPolicy.RESPECT;
    private boolean syncProfile;
    private boolean legacyEmailsVerified;

    private MigrationPolicies() {}

    public static MigrationPolicies defaults() {
        return new MigrationPolicies();
    }

    public MigrationPolicies password(MigrationPolicy.PasswordMode value) {
        password = value;
        return this;
    }

    public MigrationPolicies conflict(MigrationPolicy.ConflictPolicy value) {
        conflict = value;
        return this;
    }

    public MigrationPolicies loginBudget(Duration value) {
        loginBudget = value;
        return this;
    }

    public MigrationPolicies lease(Duration value) {
        lease = value;
        return this;
    }

    public MigrationPolicies retry(RetrySchedule value) {
        retry = value;
        return this;
    }

    public MigrationPolicies onDeleted(MigrationPolicy.DeletedUserPolicy value) {
        onDeleted = value;
        return this;
    }

    public MigrationPolicies syncProfile(boolean value) {
        syncProfile = value;
        return this;
    }

    public MigrationPolicies legacyEmailsVerified(boolean value) {
        legacyEmailsVerified = value;
        return this;
    }

    public MigrationPolicy build() {
        return new MigrationPolicy(
                password,
                conflict,
                loginBudget,
                lease,
                retry,
                onDeleted,
                syncProfile,
                legacyEmailsVerified);
    }
}
