package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.ledger.ClaimResult;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.BoundedPool;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One attempt from the ledger claim to a settled row: a user settled before is answered from its
 * row (its password set when asked); otherwise Clerk is searched by {@code external_id}, and only
 * if absent is the user created, or linked to the Clerk user holding its email when {@link
 * EmailTrust} allows. The claim is taken before the attempt's deadline or not at all (it is then
 * {@link BoundedPool.Shed shed}); from the claim, Clerk's calls have the attempt's budget; what
 * follows Clerk's answers is recorded however long it waits.
 */
final class MigrationRun {
    private final ClerkClient clerk;
    private final MigrationRows rows;
    private final BoundedPool pool;
    private final String owner;
    private final MigrationPolicy policy;
    private final EmailTrust emails;
    private final SettledRows settled;
    private final DeferredMigrations deferred;
    private final KnownUsers known;
    private final ProfileSync profiles;

    MigrationRun(
            ClerkClient clerk,
            MigrationRows rows,
            BoundedPool pool,
            String owner,
            MigrationPolicy policy,
            EmailTrust emails,
            SettledRows settled,
            DeferredMigrations deferred,
            KnownUsers known,
            ProfileSync profiles) {
        this.clerk = clerk;
        this.rows = rows;
        this.pool = pool;
        this.owner = owner;
        this.policy = policy;
        this.emails = emails;
        this.settled = settled;
        this.deferred = deferred;
        this.known = known;
        this.profiles = profiles;
    }

    CompletableFuture<MigrationOutcome> run(MigrationAttempt attempt) {
        String legacyId = attempt.legacyId();
        return pool.submit(
                        () ->
                                rows.claim(
                                        legacyId,
                                        attempt.identifier(),
                                        attempt.source(),
                                        owner,
                                        policy.lease()),
                        attempt.deadline())
                .thenCompose(
                        claim -> {
                            if (claim instanceof ClaimResult.AlreadyDone done) {
                                deferred.remove(legacyId);
                                return alreadySettled(attempt, done.record());
                            }
                            if (claim instanceof ClaimResult.HeldByOther) {
                                // Another replica's flight carries an older password: the row
                                // keeps the marker through its completion for the next login.
                                return attempt.passwordChange()
                                        ? markStale(
                                                attempt.withoutPassword(),
                                                "changed_while_migrating_elsewhere")
                                        : CompletableFuture.completedFuture(
                                                MigrationOutcome.IN_PROGRESS);
                            }
                            return findOrCreate(
                                    new ClaimedRun(
                                            attempt,
                                            claim.record().attempts(),
                                            clerk.deadlineAfter(attempt.budget())));
                        });
    }

    /** Claims a pending row for nobody to retry before {@code until}: it waits for a login. */
    void awaitLogin(String legacyId, String identifier, MigrationSource source, Instant until) {
        ClaimResult claim = rows.claim(legacyId, identifier, source, owner, policy.lease());
        if (claim instanceof ClaimResult.Claimed) {
            rows.defer(legacyId, owner, "awaiting_login", until);
        }
    }

    /**
     * A user the ledger settled before. A migrated user's password is set in Clerk when this is a
     * password change, or when an earlier change could not reach Clerk; a user deleted in Clerk is
     * created again only under the {@code recreate} policy.
     */
    private CompletableFuture<MigrationOutcome> alreadySettled(
            MigrationAttempt attempt, LedgerRecord record) {
        Optional<String> clerkUserId =
                record.clerkUserId().filter(id -> record.state().isInClerk());
        if (clerkUserId.isPresent()) {
            boolean stale =
                    record.lastErrorCode().filter(MigrationRows.PASSWORD_STALE::equals).isPresent();
            if (attempt.passwordChange() || stale) {
                return updatePassword(attempt, clerkUserId.get());
            }
            known.remember(attempt, clerkUserId.get());
            profiles.syncIfEnabled(attempt.identity(), clerkUserId.get(), attempt.requestId());
        }
        if (record.state() == MigrationState.DELETED
                && policy.onDeleted() == MigrationPolicy.DeletedUserPolicy.RECREATE) {
            return recreate(attempt);
        }
        return CompletableFuture.completedFuture(settledEarlier(record.state()));
    }

    private CompletableFuture<MigrationOutcome> findOrCreate(ClaimedRun run) {
        return firstUser(
                run,
                UserQuery.byExternalIds(List.of(run.legacyId())),
                user ->
                        user.isPresent()
                                ? settled.inClerk(
                                        run,
                                        MigrationState.MIGRATED,
                                        user.get().id(),
                                        MigrationOutcome.ALREADY_PRESENT)
                                : create(run));
    }

    /**
     * The first Clerk user {@code query} finds (if any) handed to {@code then}; a failed lookup is
     * settled as that Clerk failure.
     */
    private CompletableFuture<MigrationOutcome> firstUser(
            ClaimedRun run,
            UserQuery query,
            Function<Optional<ClerkUser>, CompletableFuture<MigrationOutcome>> then) {
        return clerk.listUsers(query, Page.first(1), run.deadline())
                .thenCompose(
                        found ->
                                found.isOk()
                                        ? then.apply(found.value().users().stream().findFirst())
                                        : settled.clerkFailure(run, found.error()));
    }

    private CompletableFuture<MigrationOutcome> create(ClaimedRun run) {
        LegacyIdentity identity = run.attempt().identity();
        CreateUserRequest.Builder request =
                CreateUserRequest.builder().externalId(identity.legacyId());
        identity.email()
                .ifPresent(email -> request.emailAddress(email, emails.statusInClerk(identity)));
        identity.username().ifPresent(request::username);
        identity.firstName().ifPresent(request::firstName);
        identity.lastName().ifPresent(request::lastName);
        identity.createdAt().ifPresent(request::createdAt);
        run.attempt().plan().applyTo(request);
        return clerk.createUser(request.build(), run.deadline())
                .thenCompose(
                        result -> {
                            if (result.isOk()) {
                                return settled.inClerk(
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
                            return settled.clerkFailure(run, error);
                        });
    }

    /**
     * The email or username is another Clerk user's. Under {@code link} the holder of the email
     * gets this legacy id as {@code external_id}, but only if it has none and both sides hold the
     * address verified; anything else is a conflict with its reason.
     */
    private CompletableFuture<MigrationOutcome> conflict(ClaimedRun run) {
        LegacyIdentity identity = run.attempt().identity();
        if (policy.conflict() == MigrationPolicy.ConflictPolicy.SKIP) {
            return settled.conflict(run, "identifier_taken_policy_skip");
        }
        if (identity.email().isEmpty()) {
            return settled.conflict(run, "identifier_taken");
        }
        return firstUser(
                run,
                UserQuery.byEmailAddresses(List.of(identity.email().get())),
                holder -> {
                    if (holder.isEmpty()) {
                        return settled.conflict(run, "username_taken");
                    }
                    Optional<String> refusal = emails.linkRefusal(identity, holder.get());
                    if (refusal.isPresent()) {
                        return settled.conflict(run, refusal.get());
                    }
                    return clerk.updateUser(
                                    holder.get().id(),
                                    UpdateUserRequest.externalId(identity.legacyId()),
                                    run.deadline())
                            .thenCompose(
                                    updated ->
                                            updated.isOk()
                                                    ? settled.inClerk(
                                                            run,
                                                            MigrationState.LINKED,
                                                            updated.value().id(),
                                                            MigrationOutcome.LINKED)
                                                    : settled.clerkFailure(run, updated.error()));
                });
    }

    /**
     * Sets the password the attempt carries on an existing Clerk user. If Clerk cannot be told now,
     * the ledger marks the password stale and the user's next login (which carries it again) sets
     * it: a password is never kept for a background retry of an update.
     */
    CompletableFuture<MigrationOutcome> updatePassword(
            MigrationAttempt attempt, String clerkUserId) {
        UpdateUserRequest request;
        if (attempt.plan() instanceof PasswordPlan.Plaintext typed) {
            request = UpdateUserRequest.password(typed.password(), true);
        } else if (attempt.plan() instanceof PasswordPlan.Digest digest) {
            request = UpdateUserRequest.passwordDigest(digest.digest(), digest.hasher());
        } else {
            known.remember(attempt, clerkUserId);
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        MigrationAttempt bare = attempt.withoutPassword();
        return clerk.updateUser(clerkUserId, request, clerk.deadlineAfter(attempt.budget()))
                .thenCompose(
                        updated -> {
                            if (updated.isOk()) {
                                return pool.submit(
                                        () -> {
                                            quietly(() -> rows.clearPasswordStale(bare.legacyId()));
                                            known.remember(bare, clerkUserId);
                                            bare.event(MigrationOutcome.PASSWORD_UPDATED)
                                                    .addKeyValue("clerk_user_id", clerkUserId)
                                                    .log("migration password_updated");
                                            return MigrationOutcome.PASSWORD_UPDATED;
                                        });
                            }
                            if (updated.error().failure() == ClerkFailure.NOT_FOUND) {
                                return deletedInClerk(attempt);
                            }
                            return markStale(bare, SettledRows.code(updated.error()));
                        });
    }

    /**
     * Records that Clerk lacks the user's current password: the cache forgets the user so its next
     * login goes through the ledger, finds the marker and sets the password it carries.
     */
    CompletableFuture<MigrationOutcome> markStale(MigrationAttempt bare, String reason) {
        return pool.submit(
                () -> {
                    known.forget(bare.legacyId());
                    rows.markPasswordStale(bare.legacyId());
                    bare.event(MigrationOutcome.DEFERRED)
                            .addKeyValue("reason", reason)
                            .log(
                                    "migration password update deferred to the next login: {}",
                                    reason);
                    return MigrationOutcome.DEFERRED;
                });
    }

    /** Clerk no longer has a migrated user: a tombstone, or a new user, as the policy says. */
    private CompletableFuture<MigrationOutcome> deletedInClerk(MigrationAttempt attempt) {
        known.forget(attempt.legacyId());
        if (policy.onDeleted() == MigrationPolicy.DeletedUserPolicy.RECREATE) {
            return recreate(attempt);
        }
        MigrationAttempt bare = attempt.withoutPassword();
        return pool.submit(
                () -> {
                    rows.tombstone(bare.legacyId());
                    bare.event(MigrationOutcome.DELETED_IN_CLERK)
                            .log("migration deleted_in_clerk: tombstoned, not created again");
                    return MigrationOutcome.DELETED_IN_CLERK;
                });
    }

    private CompletableFuture<MigrationOutcome> recreate(MigrationAttempt attempt) {
        return pool.submit(() -> rows.reopen(attempt.legacyId()), attempt.deadline())
                .thenCompose(
                        reopened ->
                                reopened
                                        ? run(attempt.asMigration())
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

    /** A ledger write whose failure costs only a retry later (the next login repeats it). */
    private static void quietly(Runnable write) {
        try {
            write.run();
        } catch (LedgerUnavailable e) {
            // Left as it was: the next login finds the marker and sets the password again.
        }
    }
}
