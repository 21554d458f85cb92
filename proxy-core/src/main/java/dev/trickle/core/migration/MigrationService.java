package dev.trickle.core.migration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.hash.ClerkConversion;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.ledger.ClaimResult;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Moves one verified legacy user to Clerk, exactly once: a cache answers repeat logins with no I/O;
 * one migration per legacy id runs in this process (single flight) and the ledger's claim extends
 * that to every replica; Clerk is asked by {@code external_id} before anything is created, so an
 * earlier ambiguous create (timeout, 5xx) is found rather than duplicated.
 */
public final class MigrationService {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final ClerkClient clerk;
    private final Ledger ledger;
    private final PasswordHashes hashes;
    private final Executor blocking;
    private final MigrationPolicy policy;
    private final Supplier<Rollout> rollout;
    private final String owner;
    private final Clock clock;
    private final Cache<String, String> migrated;
    private final Map<String, CompletableFuture<MigrationOutcome>> inFlight =
            new ConcurrentHashMap<>();

    public MigrationService(
            ClerkClient clerk,
            Ledger ledger,
            PasswordHashes hashes,
            Executor blocking,
            MigrationPolicy policy,
            Supplier<Rollout> rollout,
            String owner,
            Clock clock) {
        this.clerk = clerk;
        this.ledger = ledger;
        this.hashes = hashes;
        this.blocking = blocking;
        this.policy = policy;
        this.rollout = rollout;
        this.owner = owner;
        this.clock = clock;
        this.migrated = Caffeine.newBuilder().maximumSize(1_000_000).build();
    }

    /**
     * @param password the password just verified, when the login carried one; used only as {@link
     *     MigrationPolicy#password()} says and never stored
     */
    public CompletableFuture<MigrationOutcome> migrate(
            LegacyIdentity identity,
            String identifier,
            Optional<String> password,
            MigrationSource source) {
        Rollout current = rollout.get();
        if (current.mode() != MigrationMode.MIGRATE || !current.includes(identity.legacyId())) {
            return CompletableFuture.completedFuture(MigrationOutcome.NOT_SELECTED);
        }
        if (migrated.getIfPresent(identity.legacyId()) != null) {
            return CompletableFuture.completedFuture(MigrationOutcome.ALREADY_PRESENT);
        }
        CompletableFuture<MigrationOutcome> mine = new CompletableFuture<>();
        CompletableFuture<MigrationOutcome> running =
                inFlight.putIfAbsent(identity.legacyId(), mine);
        if (running != null) {
            return running;
        }
        run(identity, identifier, password, source)
                .whenComplete(
                        (outcome, error) -> {
                            inFlight.remove(identity.legacyId(), mine);
                            if (error != null) {
                                mine.completeExceptionally(error);
                            } else {
                                mine.complete(outcome);
                            }
                        });
        return mine;
    }

    /** Whether a repeat login of this user needs nothing from Clerk (cache only, no I/O). */
    public boolean isKnownMigrated(String legacyId) {
        return migrated.getIfPresent(legacyId) != null;
    }

    private CompletableFuture<MigrationOutcome> run(
            LegacyIdentity identity,
            String identifier,
            Optional<String> password,
            MigrationSource source) {
        return CompletableFuture.supplyAsync(
                        () ->
                                ledger.claim(
                                        identity.legacyId(),
                                        identifier,
                                        source,
                                        owner,
                                        policy.lease()),
                        blocking)
                .thenCompose(
                        claim -> {
                            if (claim instanceof ClaimResult.AlreadyDone done) {
                                done.record()
                                        .clerkUserId()
                                        .ifPresent(id -> migrated.put(identity.legacyId(), id));
                                return CompletableFuture.completedFuture(
                                        MigrationOutcome.ALREADY_PRESENT);
                            }
                            if (claim instanceof ClaimResult.HeldByOther) {
                                return CompletableFuture.completedFuture(
                                        MigrationOutcome.IN_PROGRESS);
                            }
                            Deadline deadline = clerk.deadlineAfter(policy.loginBudget());
                            return findOrCreate(identity, password, deadline);
                        });
    }

    private CompletableFuture<MigrationOutcome> findOrCreate(
            LegacyIdentity identity, Optional<String> password, Deadline deadline) {
        return clerk.listUsers(
                        UserQuery.byExternalIds(List.of(identity.legacyId())),
                        Page.first(1),
                        deadline)
                .thenCompose(
                        found -> {
                            if (!found.isOk()) {
                                return settleFailure(identity, found.error());
                            }
                            List<ClerkUser> users = found.value().users();
                            if (!users.isEmpty()) {
                                return settle(
                                        identity,
                                        MigrationState.MIGRATED,
                                        users.get(0).id(),
                                        MigrationOutcome.ALREADY_PRESENT);
                            }
                            return create(identity, password, deadline);
                        });
    }

    private CompletableFuture<MigrationOutcome> create(
            LegacyIdentity identity, Optional<String> password, Deadline deadline) {
        CreateUserRequest.Builder request =
                CreateUserRequest.builder().externalId(identity.legacyId());
        identity.email()
                .ifPresent(
                        email ->
                                request.emailAddress(
                                        email,
                                        identity.emailVerified().orElse(true)
                                                ? IdentificationStatus.VERIFIED
                                                : IdentificationStatus.RESERVED));
        identity.username().ifPresent(request::username);
        identity.firstName().ifPresent(request::firstName);
        identity.lastName().ifPresent(request::lastName);
        identity.createdAt().ifPresent(request::createdAt);
        applyPassword(request, identity, password);
        return clerk.createUser(request.build(), deadline)
                .thenCompose(
                        result -> {
                            if (result.isOk()) {
                                return settle(
                                        identity,
                                        MigrationState.MIGRATED,
                                        result.value().id(),
                                        MigrationOutcome.CREATED);
                            }
                            ClerkError error = result.error();
                            if (error.failure() == ClerkFailure.EXTERNAL_ID_TAKEN) {
                                return findOrCreate(identity, password, deadline);
                            }
                            if (error.failure() == ClerkFailure.IDENTIFIER_EXISTS) {
                                return conflict(identity, deadline);
                            }
                            return settleFailure(identity, error);
                        });
    }

    /**
     * Password per policy: plaintext (skip Clerk's checks: legacy passwords may be weak), digest,
     * or none.
     */
    private void applyPassword(
            CreateUserRequest.Builder request, LegacyIdentity identity, Optional<String> password) {
        if (policy.password() == MigrationPolicy.PasswordMode.PLAINTEXT && password.isPresent()) {
            request.password(password.get(), true);
            return;
        }
        if (policy.password() != MigrationPolicy.PasswordMode.NONE
                && identity.passwordDigest().isPresent()) {
            StoredDigest stored = StoredDigest.of(identity.passwordDigest().get());
            if (identity.passwordSalt().isPresent()) {
                stored = stored.withSalt(identity.passwordSalt().get());
            }
            if (hashes.toClerk(stored) instanceof ClerkConversion.ClerkDigest digest) {
                Optional<ClerkPasswordHasher> hasher = hasher(digest.hasher());
                if (hasher.isPresent()) {
                    request.passwordDigest(digest.digest(), hasher.get());
                    return;
                }
            }
        }
        if (policy.password() == MigrationPolicy.PasswordMode.DIGEST && password.isPresent()) {
            // The legacy digest cannot go to Clerk as is: the password just typed can.
            request.password(password.get(), true);
            return;
        }
        request.skipPasswordRequirement();
    }

    private CompletableFuture<MigrationOutcome> conflict(
            LegacyIdentity identity, Deadline deadline) {
        if (policy.conflict() == MigrationPolicy.ConflictPolicy.SKIP
                || identity.email().isEmpty()) {
            return settle(identity, MigrationState.CONFLICT, null, MigrationOutcome.CONFLICT);
        }
        return clerk.listUsers(
                        UserQuery.byEmailAddresses(List.of(identity.email().get())),
                        Page.first(1),
                        deadline)
                .thenCompose(
                        found -> {
                            if (!found.isOk()) {
                                return settleFailure(identity, found.error());
                            }
                            Optional<ClerkUser> owner = found.value().users().stream().findFirst();
                            if (owner.isEmpty() || owner.get().externalId() != null) {
                                return settle(
                                        identity,
                                        MigrationState.CONFLICT,
                                        owner.map(ClerkUser::id).orElse(null),
                                        MigrationOutcome.CONFLICT);
                            }
                            return clerk.updateUser(
                                            owner.get().id(),
                                            UpdateUserRequest.externalId(identity.legacyId()),
                                            deadline)
                                    .thenCompose(
                                            updated ->
                                                    updated.isOk()
                                                            ? settle(
                                                                    identity,
                                                                    MigrationState.LINKED,
                                                                    updated.value().id(),
                                                                    MigrationOutcome.LINKED)
                                                            : settleFailure(
                                                                    identity, updated.error()));
                        });
    }

    private CompletableFuture<MigrationOutcome> settle(
            LegacyIdentity identity,
            MigrationState state,
            String clerkUserId,
            MigrationOutcome outcome) {
        return CompletableFuture.supplyAsync(
                () -> {
                    ledger.complete(
                            identity.legacyId(), owner, state, Optional.ofNullable(clerkUserId));
                    if (clerkUserId != null && state != MigrationState.CONFLICT) {
                        migrated.put(identity.legacyId(), clerkUserId);
                    }
                    return outcome;
                },
                blocking);
    }

    /** Transient trouble is deferred for a later attempt; a refusal for good is recorded failed. */
    private CompletableFuture<MigrationOutcome> settleFailure(
            LegacyIdentity identity, ClerkError error) {
        String code = "clerk_" + error.failure().name().toLowerCase(Locale.ROOT);
        boolean transientTrouble =
                error.failure().retryable() || error.failure() == ClerkFailure.DEADLINE_EXCEEDED;
        return CompletableFuture.supplyAsync(
                () -> {
                    if (transientTrouble) {
                        ledger.defer(
                                identity.legacyId(),
                                owner,
                                code,
                                clock.instant().plus(RETRY_AFTER));
                        return MigrationOutcome.DEFERRED;
                    }
                    ledger.fail(identity.legacyId(), owner, code);
                    return MigrationOutcome.FAILED;
                },
                blocking);
    }

    private static Optional<ClerkPasswordHasher> hasher(String wireName) {
        try {
            return Optional.of(ClerkPasswordHasher.valueOf(wireName.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
