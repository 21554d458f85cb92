package dev.trickle.core.migration;

import java.util.Locale;

/** What one login did for its user's migration; the {@link #tag()} is a metric label. */
public enum MigrationOutcome {
    /** Created in Clerk now. */
    CREATED,
    /** An existing Clerk user with the same email got this legacy id as external_id. */
    LINKED,
    /** Already in Clerk (found by external_id, or settled in the ledger earlier). */
    ALREADY_PRESENT,
    /** Email or username owned by another Clerk user and not linked (policy or not linkable). */
    CONFLICT,
    /** Clerk slow, rate limited or down: recorded pending, retried later. */
    DEFERRED,
    /** Clerk refused the user for good (e.g. an invalid identifier). */
    FAILED,
    /**
     * Trickle's own worker pool was full, or the work waited there past its deadline: dropped
     * unrun, with its password; the user's next login (or the retry worker) tries again, and finds
     * by external_id whatever this attempt had already done in Clerk.
     */
    SHED,
    /** Another login or replica is migrating this user right now. */
    IN_PROGRESS,
    /** Not in the rollout, or the mode says not to migrate. */
    NOT_SELECTED,
    /** Shadow mode: not in Clerk yet, and nothing in the way; migrate would create it. */
    WOULD_CREATE,
    /** Shadow mode: its email belongs to a Clerk user without external_id; migrate would link. */
    WOULD_LINK,
    /** Shadow mode: its email or username belongs to another Clerk user; migrate would stop. */
    WOULD_CONFLICT,
    /** Shadow mode: Clerk could not be asked in time; nothing is known about this user yet. */
    UNASSESSED,
    /** A migrated user's new password (changed or reset in the legacy app) was set in Clerk. */
    PASSWORD_UPDATED,
    /**
     * The user was deleted in Clerk after migrating; per policy it is tombstoned, not re-created.
     */
    DELETED_IN_CLERK;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
