package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.RecordedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * First logins at once through {@code serve} over real sockets: one user from 200 connections
 * becomes one Clerk user; 1,000 users become 1,000 Clerk users with the right external_id and
 * email. The proxy paces Clerk at a production instance's limit (a {@code sk_live_} key).
 */
final class ConcurrentFirstLoginsIT {
    private static final int CLIENTS = 48;
    private static final int DISTINCT = 1_000;

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static List<LegacyUser> users;
    private static LegacyUser popular;
    private static LegacyUserTable table;
    private static LegacyLoginApp app;

    @TempDir Path dir;
    private ProxyApplication proxy;

    @BeforeAll
    static void startApp() throws Exception {
        List<LegacyUser> all = ToolVectors.load().users(1, DISTINCT + 1, ToolVectors.CHEAP, "");
        popular = all.get(DISTINCT);
        users = all.subList(0, DISTINCT);
        table = LegacyUserTable.create(LegacyDatabase.POSTGRESQL, all);
        app = LegacyLoginApp.start(table);
    }

    @AfterAll
    static void stopApp() throws Exception {
        app.close();
        table.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy =
                new TrickleConfig(
                                app.url(),
                                clerk.baseUri(),
                                "jdbc:sqlite:" + dir.resolve("ledger.db"),
                                table)
                        // The production pace (1,000 calls per 10 s) queues 2,000 calls for a
                        // while: the budget lets every first login wait its turn.
                        .loginBudget(Duration.ofSeconds(20))
                        .start(TrickleConfig.PRODUCTION_KEY);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void twoHundredConcurrentFirstLoginsOfOneUserCreateOneClerkUser() throws Exception {
        int port = proxy.proxyAddress().getPort();
        String token = Logins.csrfToken(port);
        List<Callable<Integer>> logins = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            logins.add(
                    i % 2 == 0
                            ? () ->
                                    Logins.form(port, token, popular.username(), popular.password())
                                            .status()
                            : () -> Logins.jsonUnchecked(port, popular).status());
        }
        LoginStorm.Result<Integer> result = LoginStorm.run(CLIENTS, Duration.ofSeconds(30), logins);

        assertThat(result.failures()).isEmpty();
        assertThat(result.answers()).containsOnly(302, 200).hasSize(200);
        assertThat(creates(clerk.requests())).hasSize(1);
        List<ClerkUsers.User> inClerk =
                ClerkUsers.all(clerk.baseUri(), TrickleConfig.PRODUCTION_KEY);
        assertThat(inClerk).hasSize(1);
        assertThat(inClerk.get(0).externalId()).hasValue(popular.legacyId());
        assertThat(inClerk.get(0).email()).isEqualTo(popular.email());
    }

    @Test
    void aThousandUsersLoggingInAtOnceBecomeAThousandClerkUsers() throws Exception {
        int port = proxy.proxyAddress().getPort();
        String token = Logins.csrfToken(port);
        List<LegacyUser> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled);
        List<Callable<Integer>> logins = new ArrayList<>();
        for (LegacyUser u : shuffled) {
            logins.add(
                    u.id() % 2 == 0
                            ? () -> Logins.form(port, token, u.username(), u.password()).status()
                            : () -> Logins.jsonUnchecked(port, u).status());
        }
        LoginStorm.Result<Integer> result = LoginStorm.run(CLIENTS, Duration.ofSeconds(50), logins);

        assertThat(result.failures()).isEmpty();
        assertThat(result.answers()).containsOnly(302, 200).hasSize(DISTINCT);
        assertThat(creates(clerk.requests())).hasSize(DISTINCT);
        List<ClerkUsers.User> inClerk =
                ClerkUsers.all(clerk.baseUri(), TrickleConfig.PRODUCTION_KEY);
        assertThat(inClerk).hasSize(DISTINCT);
        Map<String, ClerkUsers.User> byExternalId =
                inClerk.stream()
                        .collect(
                                Collectors.toMap(
                                        c -> c.externalId().orElseThrow(), Function.identity()));
        for (LegacyUser u : users) {
            assertThat(byExternalId.get(u.legacyId())).as(u.toString()).isNotNull();
            assertThat(byExternalId.get(u.legacyId()).email()).isEqualTo(u.email());
        }
    }

    private static List<RecordedCall> creates(List<RecordedCall> calls) {
        return calls.stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/v1/users"))
                .toList();
    }
}
