package dev.trickle.core.migration;

import java.time.Duration;

/**
 * How users are created in Clerk.
 *
 * @param password what Clerk gets as the password
 * @param conflict what to do when the email is already another Clerk user's
 * @param loginBudget how long a login may wait for its migration; past it the login goes on and the
 *     migration is deferred
 * @param lease how long a claim on a user is held before another replica may take it over
 * @param retry when deferred migrations are tried again
 * @param onDeleted what to do on finding that a migrated user was deleted in Clerk
 * @param syncProfile copy profile changes seen on later logins (email, username, names) to Clerk
 * @param legacyEmailsVerified the operator's word that the legacy app verified every address it
 *     holds: an address whose verification the source does not state then counts as verified
 *     (created verified, linkable); otherwise it is created reserved and never linked
 */
public record MigrationPolicy(
        PasswordMode password,
        ConflictPolicy conflict,
        Duration loginBudget,
        Duration lease,
        RetrySchedule retry,
        DeletedUserPolicy onDeleted,
        boolean syncProfile,
        boolean legacyEmailsVerified) {

    public static final Duration DEFAULT_LOGIN_BUDGET = Duration.ofMillis(1500);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /**
     * {@code plaintext}: the password typed (Clerk re-hashes it); {@code digest}: the legacy
     * digest.
     */
    public enum PasswordMode {
        PLAINTEXT,
        DIGEST,
        NONE
    }

    public enum ConflictPolicy {
        LINK,
        SKIP
    }

    /**
     * {@code respect}: someone deleted the user in Clerk on purpose; keep a tombstone and never
     * create it again. {@code recreate}: migrate it again on its next login.
     */
    public enum DeletedUserPolicy {
        RESPECT,
        RECREATE
    }
}
