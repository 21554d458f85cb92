package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.RateLimit;
import dev.trickle.core.ratelimit.TokenBucket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** {@link ClerkClient} over HTTP: builds each call's path, body and answer reader. */
final class HttpClerkClient implements ClerkClient {
    private static final ObjectMapper JSON = ClerkJson.MAPPER;
    private static final TypeReference<List<ClerkUser>> USER_LIST = new TypeReference<>() {};

    private final CallRunner runner;
    private final TokenBucket instanceLimiter;
    private final Ticker ticker;
    private final AuthenticationMonitor auth;

    HttpClerkClient(
            CallRunner runner,
            TokenBucket instanceLimiter,
            Ticker ticker,
            AuthenticationMonitor auth) {
        this.runner = runner;
        this.instanceLimiter = instanceLimiter;
        this.ticker = ticker;
        this.auth = auth;
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> createUser(
            CreateUserRequest request, Deadline deadline) {
        // Not replayable: a second send after an ambiguous failure could create a second user.
        return runner.run(
                new ClerkCall<>(
                        "create_user",
                        "POST",
                        "/users",
                        json(request),
                        false,
                        null,
                        ok(ClerkUser.class)),
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<UserPage>> listUsers(
            UserQuery query, Page page, Deadline deadline) {
        StringBuilder path = new StringBuilder("/users?limit=").append(page.limit());
        if (page.startingAfter() != null) {
            path.append("&starting_after=").append(encode(page.startingAfter()));
        }
        appendFilter(path, query);
        return replayable(
                "list_users",
                "GET",
                path.toString(),
                null,
                null,
                (status, body) ->
                        status == 200 ? new UserPage(JSON.readValue(body, USER_LIST), page) : null,
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<Long>> forEachPage(
            UserQuery query, int pageSize, Deadline deadline, Consumer<List<ClerkUser>> onPage) {
        AtomicLong seen = new AtomicLong();
        return walk(query, Page.first(pageSize), deadline, onPage, seen);
    }

    private CompletableFuture<ClerkResult<Long>> walk(
            UserQuery query,
            Page page,
            Deadline deadline,
            Consumer<List<ClerkUser>> onPage,
            AtomicLong seen) {
        return listUsers(query, page, deadline)
                .thenCompose(
                        result -> {
                            if (!result.isOk()) {
                                return CompletableFuture.completedFuture(
                                        ClerkResult.<Long>failed(result.error()));
                            }
                            UserPage users = result.value();
                            seen.addAndGet(users.users().size());
                            if (!users.users().isEmpty()) {
                                onPage.accept(users.users());
                            }
                            return users.next()
                                    .map(next -> walk(query, next, deadline, onPage, seen))
                                    .orElseGet(
                                            () ->
                                                    CompletableFuture.completedFuture(
                                                            ClerkResult.ok(seen.get())));
                        });
    }

    @Override
    public CompletableFuture<ClerkResult<Long>> countUsers(UserQuery query, Deadline deadline) {
        StringBuilder path = new StringBuilder("/users/count");
        appendFilter(path, query);
        return replayable(
                "count_users",
                "GET",
                path.toString(),
                null,
                null,
                (status, body) ->
                        status == 200 ? JSON.readValue(body, UserCount.class).totalCount() : null,
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> getUser(String userId, Deadline deadline) {
        return replayable(
                "get_user", "GET", userPath(userId, ""), null, null, ok(ClerkUser.class), deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> updateUser(
            String userId, UpdateUserRequest request, Deadline deadline) {
        return replayable(
                "update_user",
                "PATCH",
                userPath(userId, ""),
                json(request),
                userId,
                ok(ClerkUser.class),
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkEmailAddress>> createEmailAddress(
            String userId,
            String emailAddress,
            boolean verified,
            boolean primary,
            Deadline deadline) {
        return runner.run(
                new ClerkCall<>(
                        "create_email_address",
                        "POST",
                        "/email_addresses",
                        json(new NewEmailAddress(userId, emailAddress, verified, primary)),
                        // A second send after an ambiguous failure is refused as a taken address.
                        false,
                        userId,
                        ok(ClerkEmailAddress.class)),
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<ClerkUser>> updateMetadata(
            String userId, MetadataUpdate update, Deadline deadline) {
        return replayable(
                "update_metadata",
                "PATCH",
                userPath(userId, "/metadata"),
                json(update),
                userId,
                ok(ClerkUser.class),
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<DeletedUser>> deleteUser(
            String userId, Deadline deadline) {
        return replayable(
                "delete_user",
                "DELETE",
                userPath(userId, ""),
                null,
                null,
                ok(DeletedUser.class),
                deadline);
    }

    @Override
    public CompletableFuture<ClerkResult<PasswordVerification>> verifyPassword(
            String userId, String password, Deadline deadline) {
        requireNonNull(password, "password");
        return replayable(
                "verify_password",
                "POST",
                userPath(userId, "/verify_password"),
                json(new PasswordCheck(password)),
                null,
                (status, body) -> {
                    switch (status) {
                        case 200:
                            return PasswordVerification.VERIFIED;
                        case 400:
                            return PasswordVerification.NO_PASSWORD;
                        case 422:
                            return PasswordVerification.INCORRECT;
                        default:
                            return null;
                    }
                },
                deadline);
    }

    @Override
    public Deadline deadlineAfter(Duration budget) {
        return Deadline.after(ticker, budget);
    }

    @Override
    public ClerkHealth health() {
        return auth.health();
    }

    @Override
    public void onHealthChange(Consumer<ClerkHealth> listener) {
        auth.addListener(requireNonNull(listener, "listener"));
    }

    @Override
    public RateLimit rateLimit() {
        return instanceLimiter.limit();
    }

    /** A call that is harmless to send again after an ambiguous failure: all but the creates. */
    private <T> CompletableFuture<ClerkResult<T>> replayable(
            String operation,
            String method,
            String pathAndQuery,
            byte[] body,
            String userKey,
            ClerkCall.ResponseReader<T> reader,
            Deadline deadline) {
        return runner.run(
                new ClerkCall<>(operation, method, pathAndQuery, body, true, userKey, reader),
                deadline);
    }

    /** 200 with a {@code type} body; any other status is a failure. */
    private static <T> ClerkCall.ResponseReader<T> ok(Class<T> type) {
        return (status, body) -> status == 200 ? JSON.readValue(body, type) : null;
    }

    private static void appendFilter(StringBuilder path, UserQuery query) {
        if (query.field() == null) {
            return;
        }
        for (String value : query.values()) {
            path.append(path.indexOf("?") < 0 ? '?' : '&')
                    .append(query.field().parameter())
                    .append('=')
                    .append(encode(value));
        }
    }

    private static String userPath(String userId, String suffix) {
        requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId: empty");
        }
        return "/users/" + encode(userId) + suffix;
    }

    /** Percent-encodes a query value or path segment; '+' would mean "include" in id filters. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Our own request records always serialise; failing here is a bug. No body in the
            // message.
            throw new IllegalStateException(
                    "cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
