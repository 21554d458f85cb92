package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clerk in trouble while users log in: every login still gets the legacy app's answer unchanged and
 * within the login budget, the ledger keeps them pending, and once Clerk is back each of them ends
 * up migrated exactly once, including those whose create reached Clerk after their budget ran out.
 */
final class ClerkOutageIT {
    private static final Duration BUDGET = Duration.ofSeconds(1);

    /** Scheduling slack on a busy two-core machine on top of the budget. */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    private static final int USERS = 24;

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, Duration.ofSeconds(10)));

    private static LegacyUserTable table;
    private static LegacyLoginApp app;
    private static List<LegacyUser> users;

    @TempDir Path dir;
    private String ledgerUrl;
    private ProxyApplication proxy;

    @BeforeAll
    static void startApp() throws Exception {
        users = ToolVectors.load().users(500, USERS, ToolVectors.CHEAP, "outage");
        table = LegacyUserTable.create(LegacyDatabase.POSTGRESQL, users);
        app = LegacyLoginApp.start(table);
    }

    @AfterAll
    static void stopApp() throws Exception {
        app.close();
        table.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        ledgerUrl = "jdbc:sqlite:" + dir.resolve("ledger.db");
        proxy =
                new TrickleConfig(app.url(), clerk.baseUri(), ledgerUrl, table)
                        .loginBudget(BUDGET)
                        // A production key: retries during the outage must not use up the
                        // client's pace for the logins after it.
                        .start(TrickleConfig.PRODUCTION_KEY);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void duringAnOutageLoginsSucceedOnTimeAndAfterItEveryUserIsMigratedOnce() throws Exception {
        clerk.faults().outage(true);
        loginsSucceedUnchangedWithinTheBudget();
        assertThat(clerk.emulator().userCount()).isZero();

        clerk.faults().clear();
        completeDeferredMigrations();
        assertEveryUserMigratedOnce();
    }

    @Test
    void whenClerkAnswersPastTheBudgetLoginsGoOnAndLateCreatesAreNotRepeated() throws Exception {
        // Each call answers after 600 ms: the look-up fits in the 1 s budget, the create is made
        // but its answer comes too late, so the login goes on not knowing whether it happened.
        clerk.faults().latency(Duration.ofMillis(600));
        loginsSucceedUnchangedWithinTheBudget();
        clerk.faults().clear();
        assertThat(clerk.emulator().userCount())
                .as("creates that reached Clerk after their login's budget")
                .isPositive();

        completeDeferredMigrations();
        assertEveryUserMigratedOnce();
    }

    /** Each login via Trickle answers as the app does direct, on time, and is left pending. */
    private void loginsSucceedUnchangedWithinTheBudget() throws Exception {
        int via = proxy.proxyAddress().getPort();
        String token = Logins.csrfToken(app.port());
        List<Callable<Long>> logins = new ArrayList<>();
        for (LegacyUser u : users) {
            logins.add(
                    () -> {
                        RawExchange.Response direct = login(app.port(), token, u);
                        long start = System.nanoTime();
                        RawExchange.Response proxied = login(via, token, u);
                        long took = System.nanoTime() - start;
                        assertThat(direct.status()).as(u.toString()).isIn(200, 302);
                        assertThat(proxied.withoutDate())
                                .as(u.toString())
                                .isEqualTo(direct.withoutDate());
                        return took;
                    });
        }
        LoginStorm.Result<Long> result = LoginStorm.run(12, Duration.ofSeconds(40), logins);
        assertThat(result.failures()).isEmpty();
        assertThat(result.answers())
                .hasSize(USERS)
                .allSatisfy(
                        nanos ->
                                assertThat(Duration.ofNanos(nanos))
                                        .isLessThan(BUDGET.plus(MARGIN)));
        Map<String, LedgerRecord> ledger = LedgerRows.byLegacyId(ledgerUrl);
        for (LegacyUser u : users) {
            LedgerRecord row = ledger.get(u.legacyId());
            assertThat(row).as("ledger row of " + u).isNotNull();
            assertThat(row.state()).as(u.toString()).isEqualTo(MigrationState.PENDING);
            assertThat(row.lastErrorCode().orElse("")).as(u.toString()).startsWith("clerk_");
        }
    }

    /** The next login of each deferred user completes its migration. */
    private void completeDeferredMigrations() throws Exception {
        int via = proxy.proxyAddress().getPort();
        String token = Logins.csrfToken(via);
        List<Callable<Integer>> logins = new ArrayList<>();
        for (LegacyUser u : users) {
            logins.add(() -> login(via, token, u).status());
        }
        LoginStorm.Result<Integer> result = LoginStorm.run(12, Duration.ofSeconds(30), logins);
        assertThat(result.failures()).isEmpty();
        assertThat(result.answers()).containsOnly(200, 302);
    }

    private void assertEveryUserMigratedOnce() throws Exception {
        MigratedOnce.assertLedgerAndClerkAgree(
                users,
                LedgerRows.byLegacyId(ledgerUrl),
                ClerkUsers.all(clerk.baseUri(), TrickleConfig.PRODUCTION_KEY));
    }

    /** Half the users log in with the form (database route), half with JSON (upstream route). */
    private static RawExchange.Response login(int port, String token, LegacyUser u)
            throws Exception {
        return u.id() % 2 == 0
                ? Logins.form(port, token, u.username(), u.password())
                : Logins.json(port, u.email(), u.password());
    }
}
