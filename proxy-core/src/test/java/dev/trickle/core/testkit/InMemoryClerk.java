package dev.trickle.core.testkit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkHealth;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.DeletedUser;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.clerk.MetadataUpdate;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.PasswordVerification;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserPage;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Clerk instance in memory, for proxy-core tests that need no sockets: users with their external
 * ids, addresses and passwords, the failures the migration must handle ({@link
 * ClerkFailure#EXTERNAL_ID_TAKEN}, {@link ClerkFailure#IDENTIFIER_EXISTS}, {@link
 * ClerkFailure#NOT_FOUND}, an outage), and creates held until the test releases them.
 *
 * <p>Every future completes on the calling thread, except a held create, which completes on the
 * thread that calls {@link Hold#release()}. It is a fake of the {@link ClerkClient} contract, not
 * of the HTTP API: the wire is the Clerk emulator's job in proxy-server.
 */
public final class InMemoryClerk implements ClerkClient {
    private final Ticker ticker;
    private final Clock clock;
    private final ClerkAccounts accounts = new ClerkAccounts();
    private final Map<String, AtomicInteger> calls = new HashMap<>();
    private ClerkFailure outage;
    private Hold hold;

    /** A user as Clerk holds it, with the password material only a test may look at. */
    public record StoredUser(
            ClerkUser user, Optional<String> password, Optional<String> passwordDigest) {}

    /**
     * @param ticker what deadlines are measured on
     * @param clock what users' created and updated timestamps are read from
     */
    public InMemoryClerk(Ticker ticker, Clock clock) {
        this.ticker = ticker;
        this.clock = clock;
    }

    /** A user created outside the migration (signed up in Clerk, or an earlier import). */
    public synchronized ClerkUser add(
            String externalId, String email, IdentificationStatus status) {
        CreateUserRequest.Builder request = CreateUserRequest.builder().externalId(externalId);
        if (email != null) {
            request.emailAddress(email, status);
        }
        return accounts.create(request.build(), clock.millis());
    }

    /** Deletes a user behind the migration's back, as an operator in the dashboard would. */
    public synchronized void remove(String userId) {
        accounts.remove(userId);
    }

    /**
     * Every call fails with {@code failure} until {@link #recover()}: {@link
     * ClerkFailure#RETRYABLE} is a 5xx or timeout, {@link ClerkFailure#RATE_LIMITED} a 429.
     */
    public synchronized void fail(ClerkFailure failure) {
        outage = failure;
    }

    public synchronized void recover() {
        outage = null;
    }

    /** Creates from now on wait for {@link Hold#release()} before they are applied. */
    public synchronized Hold holdCreates() {
        hold = new Hold();
        return hold;
    }

    public synchronized List<StoredUser> users() {
        return accounts.all();
    }

    public synchronized Optional<StoredUser> byExternalId(String externalId) {
        return accounts.withExternalId(externalId);
    }

    /**
     * How many times {@code operation} ({@code createUser}, {@code updateUser}, ...) was called.
     */
    public synchronized int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * Creates waiting for the test. They are applied, in arrival order, by {@link #release()};
     * {@link #arrived()} completes when the first one is waiting.
     */
    public final class Hold {
        private final List<Runnable> waiting = new ArrayList<>();
        private final CompletableFuture<Void> arrived = new CompletableFuture<>();

        public CompletableFuture<Void> arrived() {
            return arrived;
        }

        public synchronized int waiting() {
            return waiting.size();
        }

        /** Applies the held creates and stops holding new ones. */
        public void release() {
            synchronized (InMemoryClerk.this) {
                if (hold == this) {
                    hold = null;
                }
            }
            List<Runnable> held;
            synchronized (this) {
                held = List.copyOf(waiting);
                waiting.clear();
            }
            held.forEach(Runnable::run);
        }

        private synchronized void add(Runnable create) {
            waiting.add(create);
            arrived.complete(null);
        }
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> createUser(
            CreateUserRequest request, Deadline deadline) {
        Hold current;
        synchronized (this) {
            count("createUser");
            current = hold;
        }
        if (current == null) {
            return done(create(request));
        }
        CompletableFuture<ClerkResult<ClerkUser>> result = new CompletableFuture<>();
        current.add(() -> result.complete(create(request)));
        return result;
    }

    private synchronized ClerkResult<ClerkUser> create(CreateUserRequest request) {
        if (outage != null) {
            return failed(outage, true);
        }
        Optional<ClerkFailure> refusal = accounts.refusal(request);
        return refusal.isPresent()
                ? failed(refusal.get(), false)
                : ClerkResult.ok(accounts.create(request, clock.millis()));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<UserPage>> listUsers(
            UserQuery query, Page page, Deadline deadline) {
        count("listUsers");
        if (outage != null) {
            return done(failed(outage, false));
        }
        List<ClerkUser> matching = new ArrayList<>(accounts.matching(query));
        // Newest first, as Clerk orders them.
        Collections.reverse(matching);
        int from = 0;
        for (int i = 0; page.startingAfter() != null && i < matching.size(); i++) {
            if (matching.get(i).id().equals(page.startingAfter())) {
                from = i + 1;
            }
        }
        int to = Math.min(from + page.limit(), matching.size());
        return done(ClerkResult.ok(new UserPage(matching.subList(Math.min(from, to), to), page)));
    }

    @Override
    public CompletableFuture<ClerkResult<Long>> forEachPage(
            UserQuery query, int pageSize, Deadline deadline, Consumer<List<ClerkUser>> onPage) {
        long seen = 0;
        Page page = Page.first(pageSize);
        while (true) {
            ClerkResult<UserPage> result = listUsers(query, page, deadline).join();
            if (!result.isOk()) {
                return done(ClerkResult.failed(result.error()));
            }
            onPage.accept(result.value().users());
            seen += result.value().users().size();
            Optional<Page> next = result.value().next();
            if (next.isEmpty()) {
                return done(ClerkResult.ok(seen));
            }
            page = next.get();
        }
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<Long>> countUsers(
            UserQuery query, Deadline deadline) {
        count("countUsers");
        if (outage != null) {
            return done(failed(outage, false));
        }
        return done(ClerkResult.ok((long) accounts.matching(query).size()));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkUser>> getUser(
            String userId, Deadline deadline) {
        count("getUser");
        return done(read(userId));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkUser>> updateUser(
            String userId, UpdateUserRequest request, Deadline deadline) {
        count("updateUser");
        if (outage != null) {
            return done(failed(outage, true));
        }
        Optional<ClerkFailure> refusal = accounts.update(userId, request, clock.millis());
        return done(refusal.isPresent() ? failed(refusal.get(), false) : read(userId));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkEmailAddress>> createEmailAddress(
            String userId,
            String emailAddress,
            boolean verified,
            boolean primary,
            Deadline deadline) {
        count("createEmailAddress");
        if (outage != null) {
            return done(failed(outage, true));
        }
        IdentificationStatus status =
                verified ? IdentificationStatus.VERIFIED : IdentificationStatus.RESERVED;
        Optional<ClerkFailure> refusal = accounts.addEmail(userId, emailAddress, status, primary);
        return done(
                refusal.isPresent()
                        ? failed(refusal.get(), false)
                        : ClerkResult.ok(accounts.email(userId, emailAddress)));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkUser>> updateMetadata(
            String userId, MetadataUpdate update, Deadline deadline) {
        count("updateMetadata");
        if (outage != null) {
            return done(failed(outage, true));
        }
        Optional<ClerkFailure> refusal =
                accounts.mergeMetadata(
                        userId, update.publicMetadata(), update.privateMetadata(), clock.millis());
        return done(refusal.isPresent() ? failed(refusal.get(), false) : read(userId));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<DeletedUser>> deleteUser(
            String userId, Deadline deadline) {
        count("deleteUser");
        if (outage != null) {
            return done(failed(outage, true));
        }
        return done(
                accounts.remove(userId)
                        .<ClerkResult<DeletedUser>>map(
                                gone ->
                                        ClerkResult.ok(
                                                new DeletedUser(
                                                        userId, true, gone.user().externalId())))
                        .orElseGet(() -> failed(ClerkFailure.NOT_FOUND, false)));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<PasswordVerification>> verifyPassword(
            String userId, String password, Deadline deadline) {
        count("verifyPassword");
        if (outage != null) {
            return done(failed(outage, false));
        }
        Optional<StoredUser> stored = accounts.get(userId);
        if (stored.isEmpty()) {
            return done(failed(ClerkFailure.NOT_FOUND, false));
        }
        PasswordVerification verdict =
                stored.get()
                        .password()
                        .map(
                                p ->
                                        p.equals(password)
                                                ? PasswordVerification.VERIFIED
                                                : PasswordVerification.INCORRECT)
                        .orElse(PasswordVerification.NO_PASSWORD);
        return done(ClerkResult.ok(verdict));
    }

    @Override
    public Deadline deadlineAfter(Duration budget) {
        return Deadline.after(ticker, budget);
    }

    @Override
    public ClerkHealth health() {
        return ClerkHealth.UP;
    }

    /** Health never changes here: a key is never rejected. */
    @Override
    public void onHealthChange(Consumer<ClerkHealth> listener) {}

    @Override
    public RateLimit rateLimit() {
        return RateLimit.of(100, Duration.ofSeconds(1));
    }

    private ClerkResult<ClerkUser> read(String userId) {
        if (outage != null) {
            return failed(outage, false);
        }
        return accounts.get(userId)
                .<ClerkResult<ClerkUser>>map(stored -> ClerkResult.ok(stored.user()))
                .orElseGet(() -> failed(ClerkFailure.NOT_FOUND, false));
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A failure as the real client reports it; a write during an outage may have been applied. */
    private static <T> ClerkResult<T> failed(ClerkFailure failure, boolean write) {
        boolean ambiguous = write && failure == ClerkFailure.RETRYABLE;
        int status =
                switch (failure) {
                    case NOT_FOUND -> 404;
                    case IDENTIFIER_EXISTS, EXTERNAL_ID_TAKEN -> 422;
                    case RATE_LIMITED -> 429;
                    case RETRYABLE -> 503;
                    default -> 400;
                };
        return ClerkResult.failed(
                new ClerkError(
                        failure,
                        status,
                        failure.name().toLowerCase(Locale.ROOT),
                        null,
                        failure == ClerkFailure.RATE_LIMITED ? Duration.ofSeconds(1) : null,
                        ambiguous,
                        1,
                        null,
                        "in-memory Clerk: " + failure));
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
