package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UserPage;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.Deadline;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Shadow mode's dry run for one user: the same look-ups migrate would make before creating (by
 * {@code external_id}, then the email or username it would claim), judged by the same link rule
 * ({@link EmailTrust}), and never a write.
 */
final class ShadowAssessment {
    private final ClerkClient clerk;
    private final MigrationPolicy.ConflictPolicy conflict;
    private final EmailTrust emails;
    private final Deadline deadline;

    ShadowAssessment(
            ClerkClient clerk,
            MigrationPolicy.ConflictPolicy conflict,
            EmailTrust emails,
            Deadline deadline) {
        this.clerk = clerk;
        this.conflict = conflict;
        this.emails = emails;
        this.deadline = deadline;
    }

    CompletableFuture<MigrationOutcome> assess(LegacyIdentity identity) {
        return first(UserQuery.byExternalIds(List.of(identity.legacyId())))
                .thenCompose(
                        byId -> {
                            if (byId.isEmpty()) {
                                return done(MigrationOutcome.UNASSESSED);
                            }
                            if (byId.get().isPresent()) {
                                return done(MigrationOutcome.ALREADY_PRESENT);
                            }
                            return identifiers(identity);
                        });
    }

    private CompletableFuture<MigrationOutcome> identifiers(LegacyIdentity identity) {
        CompletableFuture<Optional<Optional<ClerkUser>>> byEmail =
                identity.email().isPresent()
                        ? first(UserQuery.byEmailAddresses(List.of(identity.email().get())))
                        : CompletableFuture.completedFuture(Optional.of(Optional.empty()));
        return byEmail.thenCompose(
                email -> {
                    if (email.isEmpty()) {
                        return done(MigrationOutcome.UNASSESSED);
                    }
                    if (email.get().isPresent()) {
                        ClerkUser holder = email.get().get();
                        return done(
                                conflict == MigrationPolicy.ConflictPolicy.LINK
                                                && emails.linkRefusal(identity, holder).isEmpty()
                                        ? MigrationOutcome.WOULD_LINK
                                        : MigrationOutcome.WOULD_CONFLICT);
                    }
                    if (identity.username().isEmpty()) {
                        return done(MigrationOutcome.WOULD_CREATE);
                    }
                    return first(UserQuery.byUsernames(List.of(identity.username().get())))
                            .thenApply(
                                    username ->
                                            username.map(
                                                            holder ->
                                                                    holder.isPresent()
                                                                            ? MigrationOutcome
                                                                                    .WOULD_CONFLICT
                                                                            : MigrationOutcome
                                                                                    .WOULD_CREATE)
                                                    .orElse(MigrationOutcome.UNASSESSED));
                });
    }

    /** The first matching user; the outer empty means Clerk could not be asked. */
    private CompletableFuture<Optional<Optional<ClerkUser>>> first(UserQuery query) {
        return clerk.listUsers(query, Page.first(1), deadline)
                .thenApply(ShadowAssessment::firstUser);
    }

    private static Optional<Optional<ClerkUser>> firstUser(ClerkResult<UserPage> result) {
        if (!result.isOk()) {
            return Optional.empty();
        }
        return Optional.of(result.value().users().stream().findFirst());
    }

    private static CompletableFuture<MigrationOutcome> done(MigrationOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
