package dev.trickle.core.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.Secret;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.ManualTime;
import dev.trickle.core.ratelimit.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class ClerkClientTest {
    private static final String KEY = "sk_test_unit_test_key";
    private static final String PASSWORD = "hunter2-do-not-log";

    private final ManualTime time = new ManualTime();
    private final ScriptedHttpClient http = new ScriptedHttpClient();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ClerkClient client(RateLimit limit) {
        return ClerkClient.builder(
                        ClerkSettings.of("https://api.clerk.test/v1", Secret.of(KEY))
                                .withRateLimit(limit)
                                .withRetry(
                                        new RetryPolicy(
                                                Duration.ofMillis(200),
                                                Duration.ofSeconds(5),
                                                2.0,
                                                4)))
                .httpClient(http)
                .ticker(time)
                .scheduler(time)
                .executor(time.executor())
                .random(() -> 0.0)
                .meterRegistry(registry)
                .build();
    }

    private final ClerkClient client = client(RateLimit.of(1000, Duration.ofSeconds(10)));

    private Deadline in(Duration budget) {
        return client.deadlineAfter(budget);
    }

    /** Lets the instance bucket's next permit (one per 10 ms here) come due. */
    private void nextPermit() {
        time.advance(Duration.ofMillis(10));
    }

    @Test
    void createSendsBearerKeyPinnedVersionAndJsonAndReadsTheUser() {
        http.answer(200, ClerkFixtures.user("user_1", "legacy-42"));

        ClerkResult<ClerkUser> result =
                client.createUser(
                                CreateUserRequest.builder()
                                        .externalId("legacy-42")
                                        .password(PASSWORD, true)
                                        .build(),
                                in(Duration.ofSeconds(5)))
                        .join();

        ScriptedHttpClient.Sent sent = http.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.uri()).hasToString("https://api.clerk.test/v1/users");
        assertThat(sent.headers().firstValue("Authorization")).contains("Bearer " + KEY);
        assertThat(sent.headers().firstValue("Clerk-API-Version")).contains("2026-05-12");
        assertThat(sent.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(sent.body())
                .isEqualTo(
                        "{\"external_id\":\"legacy-42\",\"password\":\""
                                + PASSWORD
                                + "\",\"skip_password_checks\":true}");

        ClerkUser user = result.value();
        assertThat(user.id()).isEqualTo("user_1");
        assertThat(user.externalId()).isEqualTo("legacy-42");
        assertThat(user.primaryEmailAddress()).contains("ada@example.com");
        assertThat(user.createdAt()).isEqualTo(1350717320902L);
        assertThat(user.publicMetadata()).containsEntry("plan", "gold");
        assertThat(user.passwordEnabled()).isTrue();
    }

    @Test
    void replayableCallIsRetriedAfterJitteredBackoff() {
        http.answer(503, ClerkFixtures.errors("service_unavailable", null))
                .answer(200, ClerkFixtures.user("user_1", null));

        CompletableFuture<ClerkResult<ClerkUser>> result =
                client.getUser("user_1", in(Duration.ofSeconds(5)));

        assertThat(result).isNotDone();
        time.advance(Duration.ofMillis(99));
        assertThat(result).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(result.join().value().id()).isEqualTo("user_1");
        assertThat(http.sent()).hasSize(2);
        assertThat(registry.get(ClerkMeters.RETRIES).tag("operation", "get_user").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void createIsNotResentAfterAnAmbiguousServerError() {
        http.answer(500, ClerkFixtures.errors("internal_clerk_error", null));

        ClerkResult<ClerkUser> result =
                client.createUser(
                                CreateUserRequest.builder().externalId("legacy-42").build(),
                                in(Duration.ofSeconds(30)))
                        .join();

        assertThat(result.error().failure()).isEqualTo(ClerkFailure.RETRYABLE);
        assertThat(result.error().ambiguous()).isTrue();
        assertThat(result.error().attempts()).isEqualTo(1);
        assertThat(http.sent()).hasSize(1);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void createIsNotResentAfterATimeout() {
        http.fail(new HttpTimeoutException("request timed out"));

        ClerkResult<ClerkUser> result =
                client.createUser(
                                CreateUserRequest.builder().externalId("legacy-42").build(),
                                in(Duration.ofSeconds(30)))
                        .join();

        assertThat(result.error().ambiguous()).isTrue();
        assertThat(result.error().code()).isEqualTo("timeout");
        assertThat(http.sent()).hasSize(1);
    }

    @Test
    void createIsResentWhenNothingCanHaveBeenApplied() {
        http.fail(new ConnectException("refused"))
                .answer(409, ClerkFixtures.errors("resource_locked", null))
                .answer(200, ClerkFixtures.user("user_1", "legacy-42"));

        CompletableFuture<ClerkResult<ClerkUser>> result =
                client.createUser(
                        CreateUserRequest.builder().externalId("legacy-42").build(),
                        in(Duration.ofSeconds(30)));
        time.advance(Duration.ofSeconds(1));

        assertThat(result.join().value().id()).isEqualTo("user_1");
        assertThat(http.sent()).hasSize(3);
    }

    @Test
    void rateLimitedCallWaitsForRetryAfterAndSoDoesEveryOtherCaller() {
        http.answer(
                        429,
                        ClerkFixtures.errors("too_many_requests", null),
                        Map.of("Retry-After", "2"))
                .answer(200, "[]")
                .answer(200, ClerkFixtures.user("user_1", "legacy-42"));

        CompletableFuture<ClerkResult<ClerkUser>> create =
                client.createUser(
                        CreateUserRequest.builder().externalId("legacy-42").build(),
                        in(Duration.ofSeconds(30)));
        CompletableFuture<ClerkResult<UserPage>> list =
                client.listUsers(UserQuery.all(), Page.first(10), in(Duration.ofSeconds(30)));

        assertThat(http.sent()).hasSize(1);
        time.advance(Duration.ofMillis(1999));
        assertThat(http.sent()).hasSize(1);
        assertThat(create).isNotDone();
        assertThat(list).isNotDone();

        time.advance(Duration.ofSeconds(1));
        assertThat(create.join().value().id()).isEqualTo("user_1");
        assertThat(list.join().isOk()).isTrue();
        // The list queued behind the pause before the create's retry did, so it went first.
        assertThat(http.sent())
                .extracting(ScriptedHttpClient.Sent::method)
                .containsExactly("POST", "GET", "POST");
        assertThat(registry.get(ClerkMeters.RATE_LIMITED).counter().count()).isEqualTo(1.0);
    }

    @Test
    void retryThatCannotStartBeforeTheDeadlineReturnsTheLastFailureAtOnce() {
        http.answer(
                429, ClerkFixtures.errors("too_many_requests", null), Map.of("Retry-After", "10"));

        ClerkResult<ClerkUser> result = client.getUser("user_1", in(Duration.ofSeconds(3))).join();

        assertThat(result.error().failure()).isEqualTo(ClerkFailure.RATE_LIMITED);
        assertThat(result.error().retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void noPermitBeforeTheDeadlineMeansNothingIsSent() {
        ClerkClient slow = client(RateLimit.of(1, Duration.ofSeconds(10)));
        http.answer(200, ClerkFixtures.user("user_1", null));
        slow.getUser("user_1", in(Duration.ofSeconds(1))).join();

        ClerkResult<ClerkUser> refused = slow.getUser("user_1", in(Duration.ofSeconds(1))).join();

        assertThat(refused.error().failure()).isEqualTo(ClerkFailure.DEADLINE_EXCEEDED);
        assertThat(refused.error().attempts()).isZero();
        assertThat(http.sent()).hasSize(1);
        assertThat(registry.get(ClerkMeters.LIMITER_REJECTED).counter().count()).isEqualTo(1.0);
    }

    @Test
    void updatesOfOneUserArePacedByThePerUserLimit() {
        http.answer(200, ClerkFixtures.user("user_1", "a"))
                .answer(200, ClerkFixtures.user("user_2", "b"));

        client.updateUser("user_1", UpdateUserRequest.externalId("a"), in(Duration.ofSeconds(5)))
                .join();
        ClerkResult<ClerkUser> sameUser =
                client.updateUser(
                                "user_1",
                                UpdateUserRequest.externalId("a"),
                                in(Duration.ofMillis(500)))
                        .join();
        nextPermit();
        ClerkResult<ClerkUser> otherUser =
                client.updateUser(
                                "user_2",
                                UpdateUserRequest.externalId("b"),
                                in(Duration.ofMillis(500)))
                        .join();

        assertThat(sameUser.error().failure()).isEqualTo(ClerkFailure.DEADLINE_EXCEEDED);
        assertThat(otherUser.isOk()).isTrue();
        assertThat(http.sent())
                .extracting(s -> s.uri().getPath())
                .containsExactly("/v1/users/user_1", "/v1/users/user_2");
        assertThat(http.sent()).extracting(ScriptedHttpClient.Sent::method).containsOnly("PATCH");
    }

    @Test
    void rejectedKeyTurnsHealthRedOnceAndBackOnSuccess() {
        List<ClerkHealth> changes = new ArrayList<>();
        client.onHealthChange(changes::add);
        http.answer(401, ClerkFixtures.errors("clerk_key_invalid", null))
                .answer(401, ClerkFixtures.errors("clerk_key_invalid", null))
                .answer(404, ClerkFixtures.errors("resource_not_found", null));

        ClerkResult<ClerkUser> first = client.getUser("user_1", in(Duration.ofSeconds(5))).join();
        nextPermit();
        client.getUser("user_1", in(Duration.ofSeconds(5))).join();
        nextPermit();

        assertThat(first.error().failure()).isEqualTo(ClerkFailure.AUTHENTICATION);
        assertThat(client.health()).isEqualTo(ClerkHealth.AUTHENTICATION_FAILED);
        assertThat(changes).containsExactly(ClerkHealth.AUTHENTICATION_FAILED);
        assertThat(registry.get(ClerkMeters.AUTH_FAILURES).counter().count()).isEqualTo(2.0);
        assertThat(registry.get(ClerkMeters.AUTHENTICATED).gauge().value()).isZero();
        assertThat(http.sent()).hasSize(2);

        assertThat(client.getUser("user_1", in(Duration.ofSeconds(5))).join().error().failure())
                .isEqualTo(ClerkFailure.NOT_FOUND);
        assertThat(client.health()).isEqualTo(ClerkHealth.UP);
        assertThat(changes).containsExactly(ClerkHealth.AUTHENTICATION_FAILED, ClerkHealth.UP);
    }

    @Test
    void verifyPasswordMapsTheThreeAnswers() {
        http.answer(200, "{\"verified\":true}")
                .answer(422, ClerkFixtures.errors("incorrect_password", null))
                .answer(400, ClerkFixtures.errors("password_not_set", null));

        assertThat(
                        client.verifyPassword("user_1", PASSWORD, in(Duration.ofSeconds(5)))
                                .join()
                                .value())
                .isEqualTo(PasswordVerification.VERIFIED);
        nextPermit();
        assertThat(
                        client.verifyPassword("user_1", PASSWORD, in(Duration.ofSeconds(5)))
                                .join()
                                .value())
                .isEqualTo(PasswordVerification.INCORRECT);
        nextPermit();
        assertThat(
                        client.verifyPassword("user_1", PASSWORD, in(Duration.ofSeconds(5)))
                                .join()
                                .value())
                .isEqualTo(PasswordVerification.NO_PASSWORD);
        assertThat(http.last().uri().getPath()).isEqualTo("/v1/users/user_1/verify_password");
        assertThat(http.last().body()).isEqualTo("{\"password\":\"" + PASSWORD + "\"}");
    }

    @Test
    void listEncodesRepeatedFiltersAndWalksPagesByCursor() {
        http.answer(
                        200,
                        "["
                                + ClerkFixtures.user("user_2", "a+b")
                                + ","
                                + ClerkFixtures.user("user_1", "c d")
                                + "]")
                .answer(200, "[]");
        List<String> seen = new ArrayList<>();

        CompletableFuture<ClerkResult<Long>> walk =
                client.forEachPage(
                        UserQuery.byExternalIds(List.of("a+b", "c d")),
                        2,
                        in(Duration.ofSeconds(5)),
                        page -> page.forEach(u -> seen.add(u.id())));
        // Two calls fit the limiter's burst of two: no wait between the pages.
        ClerkResult<Long> total = walk.join();

        assertThat(total.value()).isEqualTo(2L);
        assertThat(seen).containsExactly("user_2", "user_1");
        assertThat(http.sent())
                .extracting(s -> s.uri().getRawQuery())
                .containsExactly(
                        "limit=2&external_id=a%2Bb&external_id=c%20d",
                        "limit=2&starting_after=user_1&external_id=a%2Bb&external_id=c%20d");
    }

    @Test
    void countAndDeleteReadTheirObjects() {
        http.answer(200, "{\"object\":\"total_count\",\"total_count\":3}")
                .answer(
                        200,
                        "{\"object\":\"user\",\"id\":\"user_1\",\"deleted\":true,"
                                + "\"external_id\":\"legacy-42\"}");

        assertThat(
                        client.countUsers(
                                        UserQuery.byEmailAddresses(List.of("ada@example.com")),
                                        in(Duration.ofSeconds(5)))
                                .join()
                                .value())
                .isEqualTo(3L);
        assertThat(http.last().uri().getRawPath() + "?" + http.last().uri().getRawQuery())
                .isEqualTo("/v1/users/count?email_address=ada%40example.com");
        nextPermit();

        assertThat(client.deleteUser("user_1", in(Duration.ofSeconds(5))).join().value())
                .isEqualTo(new DeletedUser("user_1", true, "legacy-42"));
        assertThat(http.last().method()).isEqualTo("DELETE");
        assertThat(http.last().body()).isNull();
    }

    @Test
    void requestTimeoutIsCutToTheTimeLeftBeforeTheDeadline() {
        http.answer(200, ClerkFixtures.user("user_1", null));

        client.getUser("user_1", in(Duration.ofSeconds(2))).join();

        assertThat(http.last().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void everyAttemptIsTimedWithOperationStatusAndOutcome() {
        http.answer(422, ClerkFixtures.errors("form_identifier_exists", "email_address"));

        client.createUser(
                        CreateUserRequest.builder().externalId("legacy-42").build(),
                        in(Duration.ofSeconds(5)))
                .join();

        assertThat(
                        registry.get(ClerkMeters.REQUESTS)
                                .tags("operation", "create_user", "status", "4xx")
                                .tag("outcome", "identifier_exists")
                                .timer()
                                .count())
                .isEqualTo(1);
    }

    @Test
    void failuresNeverCarryTheKeyOrThePassword() {
        http.answer(422, ClerkFixtures.errors("form_password_pwned", "password"))
                .fail(new java.io.IOException("reset while sending " + PASSWORD));

        ClerkError pwned =
                client.createUser(
                                CreateUserRequest.builder().password(PASSWORD, false).build(),
                                in(Duration.ofSeconds(5)))
                        .join()
                        .error();
        nextPermit();
        ClerkError io =
                client.verifyPassword("user_1", PASSWORD, in(Duration.ofMillis(50))).join().error();

        assertThat(pwned.failure()).isEqualTo(ClerkFailure.PASSWORD_PWNED);
        assertThat(pwned.toString()).doesNotContain(PASSWORD, KEY);
        assertThat(io.toString()).doesNotContain(PASSWORD, KEY);
        assertThat(registry.getMeters())
                .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(PASSWORD, KEY));
    }
}
