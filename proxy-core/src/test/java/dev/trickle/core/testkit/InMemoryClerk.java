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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
    private final Map<String, StoredUser> users = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> calls = new HashMap<>();
    private int nextId;
    private ClerkFailure outage;
    private Hold hold;

    /** A user as Clerk holds it, with the password material only a test may look at. */
    public record StoredUser(
            ClerkUser user, Optional<String> password, Optional<String> passwordDigest) {}

    public InMemoryClerk(Ticker ticker) {
        this.ticker = ticker;
    }

    /** A user created outside the migration (signed up in Clerk, or an earlier import). */
    public synchronized ClerkUser add(
            String externalId, String email, IdentificationStatus status) {
        return store(externalId, email == null ? List.of() : List.of(email), List.of(status), null)
                .user();
    }

    /** Deletes a user behind the migration's back, as an operator in the dashboard would. */
    public synchronized void remove(String userId) {
        users.remove(userId);
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
        return List.copyOf(users.values());
    }

    public synchronized Optional<StoredUser> byExternalId(String externalId) {
        return users.values().stream()
                .filter(u -> externalId.equals(u.user().externalId()))
                .findFirst();
    }

    /**
     * How many times {@code operation} ({@code createUser}, {@code updateUser}, ...) was called.
     */
    public synchronized int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * Creates waiting for the test. Each one is applied, in arrival order, by {@link #release()};
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
            List<Runnable> held;
            synchronized (InMemoryClerk.this) {
                if (hold == this) {
                    hold = null;
                }
            }
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
            return CompletableFuture.completedFuture(create(request));
        }
        CompletableFuture<ClerkResult<ClerkUser>> result = new CompletableFuture<>();
        current.add(() -> result.complete(create(request)));
        return result;
    }

    private synchronized ClerkResult<ClerkUser> create(CreateUserRequest request) {
        if (outage != null) {
            return failed(outage, true);
        }
        if (request.externalId() != null && byExternalId(request.externalId()).isPresent()) {
            return failed(ClerkFailure.EXTERNAL_ID_TAKEN, false);
        }
        List<String> emails = request.emailAddress() == null ? List.of() : request.emailAddress();
        boolean taken =
                emails.stream().anyMatch(e -> holder(e).isPresent())
                        || (request.username() != null
                                && find(u -> request.username().equals(u.username())).isPresent());
        if (taken) {
            return failed(ClerkFailure.IDENTIFIER_EXISTS, false);
        }
        List<IdentificationStatus> statuses =
                request.emailAddressIdentificationStatus() == null
                        ? emails.stream().map(e -> IdentificationStatus.VERIFIED).toList()
                        : request.emailAddressIdentificationStatus();
        StoredUser stored = store(request.externalId(), emails, statuses, request);
        return ClerkResult.ok(stored.user());
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<UserPage>> listUsers(
            UserQuery query, Page page, Deadline deadline) {
        count("listUsers");
        if (outage != null) {
            return done(failed(outage, false));
        }
        List<ClerkUser> matching = new ArrayList<>(matching(query));
        // Newest first, as Clerk orders them; the ids count up.
        java.util.Collections.reverse(matching);
        int from = 0;
        if (page.startingAfter() != null) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).id().equals(page.startingAfter())) {
                    from = i + 1;
                }
            }
        }
        List<ClerkUser> slice =
                matching.subList(
                        Math.min(from, matching.size()),
                        Math.min(from + page.limit(), matching.size()));
        return done(ClerkResult.ok(new UserPage(slice, page)));
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
        return done(ClerkResult.ok((long) matching(query).size()));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkUser>> getUser(
            String userId, Deadline deadline) {
        count("getUser");
        if (outage != null) {
            return done(failed(outage, false));
        }
        StoredUser stored = users.get(userId);
        return done(
                stored == null
                        ? failed(ClerkFailure.NOT_FOUND, false)
                        : ClerkResult.ok(stored.user()));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkUser>> updateUser(
            String userId, UpdateUserRequest request, Deadline deadline) {
        count("updateUser");
        if (outage != null) {
            return done(failed(outage, true));
        }
        StoredUser stored = users.get(userId);
        if (stored == null) {
            return done(failed(ClerkFailure.NOT_FOUND, false));
        }
        ClerkUser u = stored.user();
        if (request.externalId() != null
                && byExternalId(request.externalId())
                        .filter(o -> !o.user().id().equals(userId))
                        .isPresent()) {
            return done(failed(ClerkFailure.EXTERNAL_ID_TAKEN, false));
        }
        boolean newPassword = request.password() != null || request.passwordDigest() != null;
        ClerkUser updated =
                new ClerkUser(
                        u.id(),
                        request.externalId() != null ? request.externalId() : u.externalId(),
                        request.username() != null ? request.username() : u.username(),
                        request.firstName() != null ? request.firstName() : u.firstName(),
                        request.lastName() != null ? request.lastName() : u.lastName(),
                        u.primaryEmailAddressId(),
                        u.emailAddresses(),
                        u.passwordEnabled() || newPassword,
                        u.publicMetadata(),
                        u.privateMetadata(),
                        u.banned(),
                        u.locked(),
                        u.createdAt(),
                        ticker.read(),
                        u.lastSignInAt());
        StoredUser next =
                newPassword
                        ? new StoredUser(
                                updated,
                                Optional.ofNullable(request.password()),
                                Optional.ofNullable(request.passwordDigest()))
                        : new StoredUser(updated, stored.password(), stored.passwordDigest());
        users.put(userId, next);
        return done(ClerkResult.ok(updated));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkEmailAddress>> createEmailAddress(
            String userId,
            String emailAddress,
            boolean verified,
            boolean primary,
            Deadline deadline) {
        count("createEmailAddress");
        StoredUser stored = users.get(userId);
        if (outage != null || stored == null) {
            return done(failed(outage != null ? outage : ClerkFailure.NOT_FOUND, false));
        }
        if (holder(emailAddress).isPresent()) {
            return done(failed(ClerkFailure.IDENTIFIER_EXISTS, false));
        }
        ClerkEmailAddress address =
                address(
                        emailAddress,
                        verified ? IdentificationStatus.VERIFIED : IdentificationStatus.RESERVED);
        List<ClerkEmailAddress> addresses = new ArrayList<>(stored.user().emailAddresses());
        addresses.add(address);
        ClerkUser u = stored.user();
        users.put(
                userId,
                new StoredUser(
                        new ClerkUser(
                                u.id(),
                                u.externalId(),
                                u.username(),
                                u.firstName(),
                                u.lastName(),
                                primary ? address.id() : u.primaryEmailAddressId(),
                                addresses,
                                u.passwordEnabled(),
                                u.publicMetadata(),
                                u.privateMetadata(),
                                u.banned(),
                                u.locked(),
                                u.createdAt(),
                                ticker.read(),
                                u.lastSignInAt()),
                        stored.password(),
                        stored.passwordDigest()));
        return done(ClerkResult.ok(address));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<ClerkUser>> updateMetadata(
            String userId, MetadataUpdate update, Deadline deadline) {
        count("updateMetadata");
        StoredUser stored = users.get(userId);
        if (outage != null || stored == null) {
            return done(failed(outage != null ? outage : ClerkFailure.NOT_FOUND, false));
        }
        ClerkUser u = stored.user();
        Map<String, Object> publicMetadata = new LinkedHashMap<>(u.publicMetadata());
        Map<String, Object> privateMetadata = new LinkedHashMap<>(u.privateMetadata());
        if (update.publicMetadata() != null) {
            publicMetadata.putAll(update.publicMetadata());
        }
        if (update.privateMetadata() != null) {
            privateMetadata.putAll(update.privateMetadata());
        }
        ClerkUser updated =
                new ClerkUser(
                        u.id(),
                        u.externalId(),
                        u.username(),
                        u.firstName(),
                        u.lastName(),
                        u.primaryEmailAddressId(),
                        u.emailAddresses(),
                        u.passwordEnabled(),
                        publicMetadata,
                        privateMetadata,
                        u.banned(),
                        u.locked(),
                        u.createdAt(),
                        ticker.read(),
                        u.lastSignInAt());
        users.put(userId, new StoredUser(updated, stored.password(), stored.passwordDigest()));
        return done(ClerkResult.ok(updated));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<DeletedUser>> deleteUser(
            String userId, Deadline deadline) {
        count("deleteUser");
        if (outage != null) {
            return done(failed(outage, true));
        }
        StoredUser removed = users.remove(userId);
        return done(
                removed == null
                        ? failed(ClerkFailure.NOT_FOUND, false)
                        : ClerkResult.ok(
                                new DeletedUser(userId, true, removed.user().externalId())));
    }

    @Override
    public synchronized CompletableFuture<ClerkResult<PasswordVerification>> verifyPassword(
            String userId, String password, Deadline deadline) {
        count("verifyPassword");
        StoredUser stored = users.get(userId);
        if (outage != null || stored == null) {
            return done(failed(outage != null ? outage : ClerkFailure.NOT_FOUND, false));
        }
        if (stored.password().isEmpty()) {
            return done(ClerkResult.ok(PasswordVerification.NO_PASSWORD));
        }
        return done(
                ClerkResult.ok(
                        stored.password().get().equals(password)
                                ? PasswordVerification.VERIFIED
                                : PasswordVerification.INCORRECT));
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

    private StoredUser store(
            String externalId,
            List<String> emails,
            List<IdentificationStatus> statuses,
            CreateUserRequest request) {
        String id = "user_" + (++nextId);
        List<ClerkEmailAddress> addresses = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            addresses.add(address(emails.get(i), statuses.get(i)));
        }
        boolean hasPassword =
                request != null && (request.password() != null || request.passwordDigest() != null);
        ClerkUser user =
                new ClerkUser(
                        id,
                        externalId,
                        request == null ? null : request.username(),
                        request == null ? null : request.firstName(),
                        request == null ? null : request.lastName(),
                        addresses.isEmpty() ? null : addresses.get(0).id(),
                        addresses,
                        hasPassword,
                        Map.of(),
                        Map.of(),
                        false,
                        false,
                        ticker.read(),
                        ticker.read(),
                        null);
        StoredUser stored =
                new StoredUser(
                        user,
                        Optional.ofNullable(request == null ? null : request.password()),
                        Optional.ofNullable(request == null ? null : request.passwordDigest()));
        users.put(id, stored);
        return stored;
    }

    private ClerkEmailAddress address(String email, IdentificationStatus status) {
        return new ClerkEmailAddress(
                "idn_" + (++nextId),
                email,
                status == IdentificationStatus.RESERVED,
                new ClerkEmailAddress.Verification(
                        status == IdentificationStatus.VERIFIED ? "verified" : "unverified"));
    }

    private List<ClerkUser> matching(UserQuery query) {
        if (query.field() == null) {
            return users.values().stream().map(StoredUser::user).toList();
        }
        return users.values().stream()
                .map(StoredUser::user)
                .filter(u -> query.values().stream().anyMatch(v -> matches(query.field(), v, u)))
                .toList();
    }

    private static boolean matches(UserQuery.Field field, String value, ClerkUser user) {
        return switch (field) {
            case EXTERNAL_ID -> value.equals(user.externalId());
            case USERNAME -> value.equals(user.username());
            case EMAIL_ADDRESS ->
                    user.emailAddresses().stream()
                            .anyMatch(a -> value.equalsIgnoreCase(a.emailAddress()));
        };
    }

    private Optional<ClerkUser> holder(String email) {
        return find(u -> matches(UserQuery.Field.EMAIL_ADDRESS, email, u));
    }

    private Optional<ClerkUser> find(Predicate<ClerkUser> test) {
        return users.values().stream().map(StoredUser::user).filter(test).findFirst();
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
