package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code serve} killed with SIGKILL in the middle of a storm of first logins, then started again on
 * the same ledger: once everyone has logged in again, the ledger and Clerk agree and nobody was
 * created twice, whatever the kill interrupted (a claim, a create in flight, the ledger write after
 * it).
 */
final class ProxyKilledMidStormIT {
    private static final int USERS = 300;

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .instance(ClerkEmulator.Instance.PRODUCTION)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static LegacyUserTable table;
    private static LegacyLoginApp app;
    private static List<LegacyUser> users;

    @TempDir Path dir;

    @BeforeAll
    static void startApp() throws Exception {
        users = ToolVectors.load().users(10_000, USERS, ToolVectors.CHEAP, "storm");
        table = LegacyUserTable.create(LegacyDatabase.POSTGRESQL, users);
        app = LegacyLoginApp.start(table);
    }

    @AfterAll
    static void stopApp() throws Exception {
        app.close();
        table.close();
    }

    @ParameterizedTest
    @EnumSource(LedgerDatabase.Kind.class)
    void aKillMinusNineMidStormLeavesNoDuplicateAndTheRestartFinishesEveryone(
            LedgerDatabase.Kind kind) throws Exception {
        try (LedgerDatabase ledger = LedgerDatabase.create(kind, dir)) {
            killMidStormAndRestart(ledger.url());
        }
    }

    private void killMidStormAndRestart(String ledgerUrl) throws Exception {
        Path config = dir.resolve("trickle.yml");
        Files.writeString(
                config,
                new TrickleConfig(app.url(), clerk.baseUri(), ledgerUrl, table)
                        .loginBudget(Duration.ofSeconds(5))
                        // Claims orphaned by the kill are taken over after this.
                        .lease(Duration.ofSeconds(2))
                        .yaml());

        int createdAtKill;
        try (ServeProcess serve = ServeProcess.start(config, TrickleConfig.PRODUCTION_KEY)) {
            int port = serve.port();
            List<Callable<Integer>> logins = new ArrayList<>();
            for (LegacyUser u : users) {
                logins.add(() -> Logins.jsonUnchecked(port, u).status());
            }
            CompletableFuture<LoginStorm.Result<Integer>> storm =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return LoginStorm.run(32, Duration.ofSeconds(40), logins);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException(e);
                                }
                            });
            awaitCreates(USERS / 3, Duration.ofSeconds(30));
            serve.kill();
            createdAtKill = clerk.emulator().userCount();
            LoginStorm.Result<Integer> interrupted = storm.get();
            assertThat(interrupted.failures()).as("logins cut off by the kill").isNotEmpty();
        }
        assertThat(createdAtKill).as("the kill came mid-storm").isBetween(1, USERS - 1);
        Map<String, LedgerRecord> afterKill = LedgerRows.byLegacyId(ledgerUrl);
        assertThat(afterKill.values())
                .filteredOn(r -> r.state() == MigrationState.MIGRATED)
                .hasSizeLessThanOrEqualTo(createdAtKill);
        assertThat(afterKill.values())
                .as("claims the kill left behind, for the restart to take over")
                .filteredOn(r -> r.state() == MigrationState.MIGRATING)
                .isNotEmpty();

        try (ServeProcess serve = ServeProcess.start(config, TrickleConfig.PRODUCTION_KEY)) {
            logEveryoneInUntilMigrated(serve.port(), ledgerUrl);
            MigratedOnce.assertLedgerAndClerkAgree(
                    users,
                    LedgerRows.byLegacyId(ledgerUrl),
                    ClerkUsers.all(clerk.baseUri(), TrickleConfig.PRODUCTION_KEY));
        }
    }

    private static void awaitCreates(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (clerk.emulator().userCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "only " + clerk.emulator().userCount() + " users created in " + limit);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Logs in every user not yet migrated, in rounds a lease apart, so claims the kill orphaned
     * expire and are taken over; bounded to a few rounds.
     */
    private static void logEveryoneInUntilMigrated(int port, String ledgerUrl) throws Exception {
        for (int round = 0; round < 6; round++) {
            Map<String, LedgerRecord> ledger = LedgerRows.byLegacyId(ledgerUrl);
            List<Callable<Integer>> logins = new ArrayList<>();
            for (LegacyUser u : users) {
                LedgerRecord row = ledger.get(u.legacyId());
                if (row == null || row.state() != MigrationState.MIGRATED) {
                    logins.add(() -> Logins.jsonUnchecked(port, u).status());
                }
            }
            if (logins.isEmpty()) {
                return;
            }
            LoginStorm.Result<Integer> result = LoginStorm.run(32, Duration.ofSeconds(30), logins);
            assertThat(result.failures()).isEmpty();
            assertThat(result.answers()).containsOnly(200);
            Thread.sleep(1_000);
        }
    }
}
