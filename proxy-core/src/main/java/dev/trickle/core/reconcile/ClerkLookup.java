package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkApi;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.DeletedUser;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UserQuery;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Clerk reads and deletes the cutover tools make, blocking (they run on the command's own
 * thread), each paced by the client's shared rate limiter. Look-ups by legacy id go 100 to a call.
 */
public final class ClerkLookup {
    /** Ids per look-up: Clerk's cap on values of one filter. */
    public static final int BATCH = ClerkApi.MAX_FILTER_VALUES;

    /** Long enough to wait out the rate limiter behind a whole batch of deletes. */
    private static final Duration CALL_BUDGET = Duration.ofMinutes(10);

    /** A million users is 2,000 pages: minutes at Clerk's limits, so this only stops a hang. */
    private static final Duration WALK_BUDGET = Duration.ofHours(12);

    private final ClerkClient clerk;

    public ClerkLookup(ClerkClient clerk) {
        this.clerk = clerk;
    }

    /** The Clerk users whose {@code external_id} is one of {@code legacyIds}, by external_id. */
    public Map<String, ClerkUser> byExternalIds(List<String> legacyIds) {
        if (legacyIds.isEmpty()) {
            return Map.of();
        }
        ClerkResult<List<ClerkUser>> found =
                clerk.listUsers(
                                UserQuery.byExternalIds(legacyIds),
                                Page.first(legacyIds.size()),
                                clerk.deadlineAfter(CALL_BUDGET))
                        .thenApply(page -> page.map(p -> p.users()))
                        .join();
        if (!found.isOk()) {
            throw new ClerkUnreachable("user look-up by external_id", found.error());
        }
        Map<String, ClerkUser> byExternalId = new HashMap<>();
        for (ClerkUser user : found.value()) {
            if (user.externalId() != null) {
                byExternalId.put(user.externalId(), user);
            }
        }
        return byExternalId;
    }

    /** The user with this Clerk id; empty when Clerk answers 404. */
    public Optional<ClerkUser> byId(String clerkUserId) {
        ClerkResult<ClerkUser> found =
                clerk.getUser(clerkUserId, clerk.deadlineAfter(CALL_BUDGET)).join();
        if (found.isOk()) {
            return Optional.of(found.value());
        }
        if (found.error().failure() == ClerkFailure.NOT_FOUND) {
            return Optional.empty();
        }
        throw new ClerkUnreachable("user read", found.error());
    }

    /** Every user of the instance. */
    public long total() {
        ClerkResult<Long> count =
                clerk.countUsers(UserQuery.all(), clerk.deadlineAfter(CALL_BUDGET)).join();
        if (!count.isOk()) {
            throw new ClerkUnreachable("user count", count.error());
        }
        return count.value();
    }

    /**
     * Starts deleting {@code clerkUserId}; the future completes with the error, or empty once the
     * user is gone (deleted now, or already absent: 404).
     */
    CompletableFuture<Optional<String>> delete(String clerkUserId) {
        return clerk.deleteUser(clerkUserId, clerk.deadlineAfter(CALL_BUDGET))
                .thenApply(ClerkLookup::deletion);
    }

    private static Optional<String> deletion(ClerkResult<DeletedUser> result) {
        if (result.isOk() || result.error().failure() == ClerkFailure.NOT_FOUND) {
            return Optional.empty();
        }
        return Optional.of(result.error().code());
    }

    /**
     * Hands every user of the instance to {@code onPage}, 500 a page, fetching the next page only
     * after {@code onPage} returns; the number of users seen.
     */
    public long forEachUser(Consumer<List<ClerkUser>> onPage) {
        ClerkResult<Long> walked =
                clerk.forEachPage(
                                UserQuery.all(),
                                ClerkApi.MAX_PAGE_SIZE,
                                clerk.deadlineAfter(WALK_BUDGET),
                                onPage)
                        .join();
        if (!walked.isOk()) {
            throw new ClerkUnreachable("user listing", walked.error());
        }
        return walked.value();
    }
}
