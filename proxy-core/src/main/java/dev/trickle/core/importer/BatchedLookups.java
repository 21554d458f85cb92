package dev.trickle.core.importer;

import dev.trickle.core.clerk.ClerkApi;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkHealth;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.DeletedUser;
import dev.trickle.core.clerk.MetadataUpdate;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.PasswordVerification;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserPage;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link ClerkClient} that answers single-user look-ups ({@code GET /users} by one {@code
 * external_id}, email or username, first result only: what the migration service asks before each
 * create) from one shared call for up to {@link ClerkApi#MAX_FILTER_VALUES} users. An import then
 * spends about one request per new user instead of two.
 *
 * <p>Nothing about exactly-once changes: each look-up is still made after its user's ledger claim
 * and before its create, only answered together with other claimed users' look-ups. A batch is sent
 * when it is full or {@code linger} after its first look-up, with the earliest deadline among its
 * users. Every other call goes straight to the wrapped client.
 */
final class BatchedLookups implements ClerkClient, AutoCloseable {
    private final ClerkClient delegate;
    private final Duration linger;
    private final ScheduledExecutorService timer;
    private final Map<UserQuery.Field, Batch> open = new EnumMap<>(UserQuery.Field.class);

    private record Waiter(
            String value, Deadline deadline, CompletableFuture<ClerkResult<UserPage>> answer) {}

    private static final class Batch {
        final List<Waiter> waiters = new ArrayList<>();
        ScheduledFuture<?> timeout;
    }

    BatchedLookups(ClerkClient delegate, Duration linger) {
        this.delegate = delegate;
        this.linger = linger;
        this.timer = DaemonThreads.timer("trickle-import-lookups");
    }

    /** How long a batch waits to fill: the time the limiter takes to issue a batch's permits. */
    static Duration lingerFor(RateLimit limit) {
        long nanos = limit.period().toNanos() / limit.permits() * ClerkApi.MAX_FILTER_VALUES;
        return Duration.ofNanos(
                Math.max(
                        Duration.ofMillis(20).toNanos(),
                        Math.min(nanos, Duration.ofSeconds(10).toNanos())));
    }

    @Override
    public CompletableFuture<ClerkResult<UserPage>> listUsers(
            UserQuery query, Page page, Deadline deadline) {
        if (query.field() == null
                || query.values().size() != 1
                || page.limit() != 1
                || page.startingAfter() != null) {
            return delegate.listUsers(query, page, deadline);
        }
        Waiter waiter = new Waiter(query.values().get(0), deadline, new CompletableFuture<>());
        List<Waiter> full = null;
        synchronized (open) {
            Batch batch = open.computeIfAbsent(query.field(), f -> new Batch());
            batch.waiters.add(waiter);
            if (batch.waiters.size() >= ClerkApi.MAX_FILTER_VALUES) {
                full = take(query.field());
            } else if (batch.timeout == null) {
                UserQuery.Field field = query.field();
                batch.timeout =
                        timer.schedule(
                                () -> flushAfterLinger(field),
                                linger.toNanos(),
                                TimeUnit.NANOSECONDS);
            }
        }
        if (full != null) {
            send(query.field(), full);
        }
        return waiter.answer();
    }

    private void flushAfterLinger(UserQuery.Field field) {
        List<Waiter> due;
        synchronized (open) {
            due = take(field);
        }
        if (!due.isEmpty()) {
            send(field, due);
        }
    }

    /** Removes the open batch of {@code field}; caller holds the lock. */
    private List<Waiter> take(UserQuery.Field field) {
        Batch batch = open.remove(field);
        if (batch == null) {
            return List.of();
        }
        if (batch.timeout != null) {
            batch.timeout.cancel(false);
        }
        return batch.waiters;
    }

    private void send(UserQuery.Field field, List<Waiter> waiters) {
        List<String> values =
                new ArrayList<>(new LinkedHashSet<>(waiters.stream().map(Waiter::value).toList()));
        Deadline earliest =
                waiters.stream()
                        .map(Waiter::deadline)
                        .reduce((a, b) -> a.nanoTime() - b.nanoTime() <= 0 ? a : b)
                        .orElseThrow();
        // Every filter value names at most one user, so one page holds every match.
        delegate.listUsers(
                        new UserQuery(field, values), Page.first(ClerkApi.MAX_PAGE_SIZE), earliest)
                .whenComplete(
                        (result, error) -> {
                            for (Waiter w : waiters) {
                                if (error != null) {
                                    w.answer().completeExceptionally(error);
                                } else if (!result.isOk()) {
                                    w.answer().complete(ClerkResult.failed(result.error()));
                                } else {
                                    w.answer()
                                            .complete(
                                                    ClerkResult.ok(
                                                            matching(
                                                                    field,
                                                                    w.value(),
                                                                    result.value())));
                                }
                            }
                        });
    }

    private static UserPage matching(UserQuery.Field field, String value, UserPage page) {
        List<ClerkUser> match =
                page.users().stream().filter(u -> matches(field, value, u)).limit(1).toList();
        return new UserPage(match, Page.first(1));
    }

    private static boolean matches(UserQuery.Field field, String value, ClerkUser user) {
        return switch (field) {
            case EXTERNAL_ID -> value.equals(user.externalId());
            case USERNAME -> value.equalsIgnoreCase(user.username());
            case EMAIL_ADDRESS ->
                    user.emailAddresses().stream()
                            .anyMatch(e -> value.equalsIgnoreCase(e.emailAddress()));
        };
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> createUser(
            CreateUserRequest request, Deadline deadline) {
        return delegate.createUser(request, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<Long>> forEachPage(
            UserQuery query, int pageSize, Deadline deadline, Consumer<List<ClerkUser>> onPage) {
        return delegate.forEachPage(query, pageSize, deadline, onPage);
    }

    @Override
    public CompletableFuture<ClerkResult<Long>> countUsers(UserQuery query, Deadline deadline) {
        return delegate.countUsers(query, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> getUser(String userId, Deadline deadline) {
        return delegate.getUser(userId, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> updateUser(
            String userId, UpdateUserRequest request, Deadline deadline) {
        return delegate.updateUser(userId, request, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkEmailAddress>> createEmailAddress(
            String userId,
            String emailAddress,
            boolean verified,
            boolean primary,
            Deadline deadline) {
        return delegate.createEmailAddress(userId, emailAddress, verified, primary, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> updateMetadata(
            String userId, MetadataUpdate update, Deadline deadline) {
        return delegate.updateMetadata(userId, update, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<DeletedUser>> deleteUser(
            String userId, Deadline deadline) {
        return delegate.deleteUser(userId, deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<PasswordVerification>> verifyPassword(
            String userId, String password, Deadline deadline) {
        return delegate.verifyPassword(userId, password, deadline);
    }

    @Override
    public Deadline deadlineAfter(Duration budget) {
        return delegate.deadlineAfter(budget);
    }

    @Override
    public ClerkHealth health() {
        return delegate.health();
    }

    @Override
    public void onHealthChange(Consumer<ClerkHealth> listener) {
        delegate.onHealthChange(listener);
    }

    @Override
    public RateLimit rateLimit() {
        return delegate.rateLimit();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
