package dev.trickle.core.clerk;

import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Clerk Backend API calls Trickle makes, non-blocking. Every future completes with a {@link
 * ClerkResult} (never exceptionally, except for bugs) no later than shortly after the {@code
 * deadline}: rate-limit waits and retries that cannot start before it are not attempted, and the
 * last failure is returned instead.
 *
 * <p><b>Creating users exactly once.</b> {@link #createUser} is not retried after a failure that
 * may have been applied (timeout, I/O error, 5xx: {@link ClerkError#ambiguous()}). Before creating
 * again, look the user up with {@code listUsers(UserQuery.byExternalIds(...))}; create only if
 * absent. A duplicate {@code external_id} also comes back as {@link
 * ClerkFailure#EXTERNAL_ID_TAKEN}.
 *
 * <p>All calls share one rate limiter per client (the instance limit); build one client per Clerk
 * instance and process. Updates additionally take a permit of the per-user limit.
 */
public interface ClerkClient {

    static ClerkClientBuilder builder(ClerkSettings settings) {
        return new ClerkClientBuilder(settings);
    }

    /** {@code POST /users}. */
    CompletableFuture<ClerkResult<ClerkUser>> createUser(
            CreateUserRequest request, Deadline deadline);

    /** {@code GET /users}: one page of the users matching {@code query}, newest first. */
    CompletableFuture<ClerkResult<UserPage>> listUsers(
            UserQuery query, Page page, Deadline deadline);

    /**
     * Walks every page of {@code query} with cursor paging, handing each page to {@code onPage} (on
     * a client thread) before fetching the next; completes with the number of users seen, or the
     * first failure.
     */
    CompletableFuture<ClerkResult<Long>> forEachPage(
            UserQuery query, int pageSize, Deadline deadline, Consumer<List<ClerkUser>> onPage);

    /** {@code GET /users/count}. */
    CompletableFuture<ClerkResult<Long>> countUsers(UserQuery query, Deadline deadline);

    /** {@code GET /users/{id}}; {@link ClerkFailure#NOT_FOUND} if absent. */
    CompletableFuture<ClerkResult<ClerkUser>> getUser(String userId, Deadline deadline);

    /** {@code PATCH /users/{id}}, within the per-user update limit. */
    CompletableFuture<ClerkResult<ClerkUser>> updateUser(
            String userId, UpdateUserRequest request, Deadline deadline);

    /**
     * {@code POST /email_addresses}: adds an address to a user, optionally as its primary one
     * (profile sync of a changed legacy email), within the per-user update limit.
     */
    CompletableFuture<ClerkResult<ClerkEmailAddress>> createEmailAddress(
            String userId,
            String emailAddress,
            boolean verified,
            boolean primary,
            Deadline deadline);

    /** {@code PATCH /users/{id}/metadata} (deep merge), within the per-user update limit. */
    CompletableFuture<ClerkResult<ClerkUser>> updateMetadata(
            String userId, MetadataUpdate update, Deadline deadline);

    /**
     * {@code DELETE /users/{id}} (rollback of a create). After an ambiguous failure a retry may
     * answer {@link ClerkFailure#NOT_FOUND}: the user is gone either way.
     */
    CompletableFuture<ClerkResult<DeletedUser>> deleteUser(String userId, Deadline deadline);

    /** {@code POST /users/{id}/verify_password}: Clerk as the legacy password store. */
    CompletableFuture<ClerkResult<PasswordVerification>> verifyPassword(
            String userId, String password, Deadline deadline);

    /** A deadline {@code budget} from now on this client's clock. */
    Deadline deadlineAfter(Duration budget);

    /** {@link ClerkHealth#AUTHENTICATION_FAILED} once Clerk rejected the key; for readiness. */
    ClerkHealth health();

    /** Called on every change of {@link #health()}, on the thread that observed it. */
    void onHealthChange(Consumer<ClerkHealth> listener);

    /** The instance-wide limit this client paces its calls to. */
    RateLimit rateLimit();
}
