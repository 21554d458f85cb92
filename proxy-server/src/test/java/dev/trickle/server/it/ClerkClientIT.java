package dev.trickle.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkHealth;
import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.PasswordVerification;
import dev.trickle.core.clerk.RetryPolicy;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.config.Secret;
import dev.trickle.core.ratelimit.RateLimit;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mindrot.jbcrypt.BCrypt;

/** The Clerk client against the Clerk emulator over real HTTP: every outcome the client maps. */
final class ClerkClientIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .maxUsers(1000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static ClerkClient client(java.net.URI baseUri, String key, RetryPolicy retry) {
        ClerkSettings defaults = ClerkSettings.of(baseUri.toString(), Secret.of(key));
        return ClerkClient.builder(
                        new ClerkSettings(
                                defaults.apiUrl(),
                                defaults.secretKey(),
                                defaults.connectTimeout(),
                                Duration.ofSeconds(2),
                                RateLimit.of(1000, Duration.ofSeconds(1)),
                                defaults.userUpdateLimit(),
                                retry))
                .build();
    }

    private final ClerkClient client =
            client(
                    clerk.baseUri(),
                    clerk.secretKey(),
                    new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 6));

    private <T> ClerkResult<T> await(CompletableFuture<ClerkResult<T>> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private ClerkResult<ClerkUser> create(CreateUserRequest request) throws Exception {
        return await(client.createUser(request, client.deadlineAfter(Duration.ofSeconds(5))));
    }

    @Test
    void createsAUserWithEveryMigrationField() throws Exception {
        ClerkUser user =
                create(
                                CreateUserRequest.builder()
                                        .externalId("legacy-42")
                                        .emailAddress(
                                                "ada@example.com", IdentificationStatus.RESERVED)
                                        .username("ada")
                                        .firstName("Ada")
                                        .lastName("Lovelace")
                                        .password("an old weak pw", true)
                                        .createdAt(Instant.parse("2019-03-01T09:00:00Z"))
                                        .build())
                        .value();
        assertThat(user.externalId()).isEqualTo("legacy-42");
        assertThat(user.username()).isEqualTo("ada");
        assertThat(user.passwordEnabled()).isTrue();
        assertThat(user.createdAt())
                .isEqualTo(Instant.parse("2019-03-01T09:00:00Z").toEpochMilli());
        assertThat(user.primaryEmailAddress()).hasValue("ada@example.com");
        String digest = BCrypt.hashpw("legacy secret", BCrypt.gensalt(4));
        ClerkUser withDigest =
                create(
                                CreateUserRequest.builder()
                                        .externalId("legacy-43")
                                        .emailAddress(
                                                "bob@example.com", IdentificationStatus.VERIFIED)
                                        .passwordDigest(digest, ClerkPasswordHasher.BCRYPT)
                                        .build())
                        .value();
        assertThat(
                        await(
                                        client.verifyPassword(
                                                withDigest.id(),
                                                "legacy secret",
                                                client.deadlineAfter(Duration.ofSeconds(5))))
                                .value())
                .isEqualTo(PasswordVerification.VERIFIED);
        assertThat(
                        await(
                                        client.verifyPassword(
                                                withDigest.id(),
                                                "wrong",
                                                client.deadlineAfter(Duration.ofSeconds(5))))
                                .value())
                .isEqualTo(PasswordVerification.INCORRECT);
    }

    @Test
    void identifierConflictsAreTypedAndNamed() throws Exception {
        create(
                        CreateUserRequest.builder()
                                .externalId("1")
                                .emailAddresses(List.of("a@example.com"))
                                .skipPasswordRequirement()
                                .build())
                .value();
        ClerkError email =
                create(
                                CreateUserRequest.builder()
                                        .externalId("2")
                                        .emailAddresses(List.of("A@example.com"))
                                        .skipPasswordRequirement()
                                        .build())
                        .error();
        assertThat(email.failure()).isEqualTo(ClerkFailure.IDENTIFIER_EXISTS);
        assertThat(email.param()).hasValue("email_address");
        ClerkError external =
                create(
                                CreateUserRequest.builder()
                                        .externalId("1")
                                        .emailAddresses(List.of("b@example.com"))
                                        .skipPasswordRequirement()
                                        .build())
                        .error();
        assertThat(external.failure()).isEqualTo(ClerkFailure.EXTERNAL_ID_TAKEN);
    }

    @Test
    void passwordAndDigestRejectionsAreTyped() throws Exception {
        assertThat(
                        create(
                                        CreateUserRequest.builder()
                                                .emailAddresses(List.of("a@example.com"))
                                                .password("short", false)
                                                .build())
                                .error()
                                .failure())
                .isEqualTo(ClerkFailure.PASSWORD_TOO_SHORT);
        assertThat(
                        create(
                                        CreateUserRequest.builder()
                                                .emailAddresses(List.of("a@example.com"))
                                                .password("password123", false)
                                                .build())
                                .error()
                                .failure())
                .isEqualTo(ClerkFailure.PASSWORD_PWNED);
        assertThat(
                        create(
                                        CreateUserRequest.builder()
                                                .emailAddresses(List.of("a@example.com"))
                                                .passwordDigest(
                                                        "not-a-digest", ClerkPasswordHasher.BCRYPT)
                                                .build())
                                .error()
                                .failure())
                .isEqualTo(ClerkFailure.INVALID_DIGEST);
    }

    @Test
    void wrongKeyIsAnAuthenticationFailureThatTurnsHealthRed() throws Exception {
        try (ClerkEmulator strict =
                ClerkEmulator.builder()
                        .secretKeys(List.of("sk_live_theOnlyRightKey123"))
                        .start(new InetSocketAddress("127.0.0.1", 0))) {
            ClerkClient wrong =
                    client(strict.baseUri(), "sk_live_someOtherKey456", RetryPolicy.DEFAULT);
            ClerkError error =
                    await(
                                    wrong.countUsers(
                                            UserQuery.all(),
                                            wrong.deadlineAfter(Duration.ofSeconds(5))))
                            .error();
            assertThat(error.failure()).isEqualTo(ClerkFailure.AUTHENTICATION);
            assertThat(error.toString()).doesNotContain("someOtherKey456");
            assertThat(wrong.health()).isEqualTo(ClerkHealth.AUTHENTICATION_FAILED);
        }
    }

    @Test
    void quotaAndNotFoundAreTyped() throws Exception {
        try (ClerkEmulator small =
                ClerkEmulator.builder().maxUsers(1).start(new InetSocketAddress("127.0.0.1", 0))) {
            ClerkClient c = client(small.baseUri(), clerk.secretKey(), RetryPolicy.DEFAULT);
            assertThat(
                            await(
                                            c.createUser(
                                                    CreateUserRequest.builder()
                                                            .externalId("a")
                                                            .skipPasswordRequirement()
                                                            .build(),
                                                    c.deadlineAfter(Duration.ofSeconds(5))))
                                    .isOk())
                    .isTrue();
            assertThat(
                            await(
                                            c.createUser(
                                                    CreateUserRequest.builder()
                                                            .externalId("b")
                                                            .skipPasswordRequirement()
                                                            .build(),
                                                    c.deadlineAfter(Duration.ofSeconds(5))))
                                    .error()
                                    .failure())
                    .isEqualTo(ClerkFailure.QUOTA_EXCEEDED);
            assertThat(
                            await(
                                            c.getUser(
                                                    "user_doesNotExist",
                                                    c.deadlineAfter(Duration.ofSeconds(5))))
                                    .error()
                                    .failure())
                    .isEqualTo(ClerkFailure.NOT_FOUND);
        }
    }

    @Test
    void a429IsHonouredWithinTheDeadlineAndReportedBeyondIt() throws Exception {
        try (ClerkEmulator limited =
                ClerkEmulator.builder()
                        .rateLimit(3, Duration.ofSeconds(1))
                        .start(new InetSocketAddress("127.0.0.1", 0))) {
            ClerkClient c = client(limited.baseUri(), clerk.secretKey(), RetryPolicy.DEFAULT);
            for (int i = 0; i < 3; i++) {
                assertThat(
                                await(
                                                c.countUsers(
                                                        UserQuery.all(),
                                                        c.deadlineAfter(Duration.ofSeconds(5))))
                                        .isOk())
                        .isTrue();
            }
            ClerkError tooSoon =
                    await(c.countUsers(UserQuery.all(), c.deadlineAfter(Duration.ofMillis(300))))
                            .error();
            assertThat(tooSoon.failure())
                    .isIn(ClerkFailure.RATE_LIMITED, ClerkFailure.DEADLINE_EXCEEDED);
            ClerkResult<Long> waited =
                    await(c.countUsers(UserQuery.all(), c.deadlineAfter(Duration.ofSeconds(10))));
            assertThat(waited.isOk()).isTrue();
            assertThat(limited.requests()).anyMatch(r -> r.status() == 429);
        }
    }

    @Test
    void serverErrorsAreRetriedUntilTheyStopAndCreateIsNeverBlindlyResent() throws Exception {
        clerk.faults().outage(true);
        CompletableFuture<ClerkResult<Long>> count =
                client.countUsers(UserQuery.all(), client.deadlineAfter(Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (clerk.requests().size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        clerk.faults().clear();
        ClerkResult<Long> recovered = await(count);
        assertThat(recovered.isOk()).isTrue();

        clerk.faults().errorRate(1.0, 503);
        int before = clerk.requests().size();
        ClerkError create =
                create(
                                CreateUserRequest.builder()
                                        .externalId("x")
                                        .skipPasswordRequirement()
                                        .build())
                        .error();
        assertThat(create.failure()).isEqualTo(ClerkFailure.RETRYABLE);
        assertThat(create.ambiguous()).isTrue();
        assertThat(clerk.requests().size() - before).isEqualTo(1);
        ClerkError read =
                await(client.getUser("user_x", client.deadlineAfter(Duration.ofSeconds(1))))
                        .error();
        assertThat(read.failure()).isEqualTo(ClerkFailure.RETRYABLE);
        assertThat(read.attempts()).isGreaterThan(1);
        clerk.faults().clear();
    }

    @Test
    void listsCountsPagesUpdatesAndDeletes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(
                    create(
                                    CreateUserRequest.builder()
                                            .externalId("p" + i)
                                            .emailAddresses(List.of("p" + i + "@example.com"))
                                            .skipPasswordRequirement()
                                            .build())
                            .value()
                            .id());
        }
        assertThat(
                        await(
                                        client.countUsers(
                                                UserQuery.all(),
                                                client.deadlineAfter(Duration.ofSeconds(5))))
                                .value())
                .isEqualTo(25L);
        assertThat(
                        await(
                                        client.listUsers(
                                                UserQuery.byExternalIds(
                                                        List.of("p3", "p9", "nope")),
                                                Page.first(10),
                                                client.deadlineAfter(Duration.ofSeconds(5))))
                                .value()
                                .users())
                .extracting(ClerkUser::externalId)
                .containsExactlyInAnyOrder("p3", "p9");
        List<String> seen = new ArrayList<>();
        long total =
                await(
                                client.forEachPage(
                                        UserQuery.all(),
                                        10,
                                        client.deadlineAfter(Duration.ofSeconds(10)),
                                        page -> page.forEach(u -> seen.add(u.id()))))
                        .value();
        assertThat(total).isEqualTo(25L);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        ClerkUser linked =
                await(
                                client.updateUser(
                                        ids.get(0),
                                        UpdateUserRequest.externalId("relinked"),
                                        client.deadlineAfter(Duration.ofSeconds(5))))
                        .value();
        assertThat(linked.externalId()).isEqualTo("relinked");
        assertThat(
                        await(
                                        client.deleteUser(
                                                ids.get(1),
                                                client.deadlineAfter(Duration.ofSeconds(5))))
                                .value()
                                .deleted())
                .isTrue();
        assertThat(
                        await(
                                        client.getUser(
                                                ids.get(1),
                                                client.deadlineAfter(Duration.ofSeconds(5))))
                                .error()
                                .failure())
                .isEqualTo(ClerkFailure.NOT_FOUND);
        assertThat(clerk.requests()).allMatch(r -> "2026-05-12".equals(r.apiVersion()));
        assertThat(clerk.requests())
                .noneMatch(r -> r.status() == 422 && r.path().equals("/v1/users"));
    }
}
