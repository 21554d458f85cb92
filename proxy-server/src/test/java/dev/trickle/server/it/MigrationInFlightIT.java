package dev.trickle.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.migration.MigrationOutcome;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to a user's migration while another is in flight for it, and to work the migration
 * pool cannot take. The emulator holds user creates until the test releases them and time moves
 * only by hand, so every interleaving here is forced, never timed.
 */
final class MigrationInFlightIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .maxUsers(1000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static final LegacyIdentity ADA =
            MigrationFixture.person("42", "ada@example.com", Optional.of(true));

    @TempDir Path dir;
    private MigrationFixture fixture;

    @BeforeEach
    void start() {
        fixture = new MigrationFixture(clerk, dir, 4, 64);
    }

    @AfterEach
    void stop() {
        clerk.faults().clear();
        fixture.close();
    }

    private MigrationService service() {
        return fixture.service(
                MigrationFixture.policy(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        false));
    }

    private static CompletableFuture<MigrationOutcome> login(
            MigrationService service, String password) {
        return service.migrate(
                ADA, "ada@example.com", Optional.of(password), MigrationSource.LOGIN, "login");
    }

    private static CompletableFuture<MigrationOutcome> passwordChange(
            MigrationService service, String password) {
        return service.passwordChanged(ADA, "ada@example.com", password, "change");
    }

    /** Starts a first login whose create Clerk holds, and waits until Clerk has it. */
    private Faults.Hold firstLoginHeld(MigrationService service, String password) throws Exception {
        Faults.Hold hold = clerk.faults().holdUserCreates();
        login(service, password);
        assertThat(hold.awaitArrival(Duration.ofSeconds(10))).isTrue();
        return hold;
    }

    private long calls(String method, String pathPrefix) {
        return clerk.requests().stream()
                .filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix))
                .count();
    }

    @Test
    void aPasswordChangeDuringTheFirstLoginsCreateEndsWithTheNewPasswordInClerk() throws Exception {
        MigrationService service = service();
        Faults.Hold hold = firstLoginHeld(service, "old-password");

        CompletableFuture<MigrationOutcome> change = passwordChange(service, "new-password");
        hold.release();

        assertThat(change.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
        assertThat(fixture.verifies("42", "new-password")).isTrue();
        assertThat(fixture.verifies("42", "old-password")).isFalse();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
        assertThat(fixture.ledger.rows().find("42").orElseThrow().lastErrorCode()).isEmpty();
    }

    @Test
    void aPasswordChangeThatCannotWaitForTheFlightMarksThePasswordStaleForTheNextLogin()
            throws Exception {
        MigrationService service = service();
        Faults.Hold hold = firstLoginHeld(service, "old-password");
        CompletableFuture<MigrationOutcome> change = passwordChange(service, "new-password");

        // The change's login goes on before the first create comes back.
        fixture.ticker.advance(MigrationFixture.LOGIN_BUDGET.plusSeconds(1));
        hold.release();

        assertThat(change.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.DEFERRED);
        assertThat(fixture.ledger.rows().find("42").orElseThrow().lastErrorCode())
                .hasValue(MigrationRows.PASSWORD_STALE);
        assertThat(service.isKnownMigrated("42"))
                .as("the cache must not answer the next login: it has a password to set")
                .isFalse();
        assertThat(fixture.verifies("42", "old-password")).isTrue();

        assertThat(login(service, "new-password").get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
        assertThat(fixture.verifies("42", "new-password")).isTrue();
        assertThat(fixture.ledger.rows().find("42").orElseThrow().lastErrorCode()).isEmpty();
    }

    private MigrationService otherReplica() {
        return fixture.replica(
                MigrationFixture.policy(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        false),
                MigrationMode.MIGRATE,
                "other-replica");
    }

    @Test
    void aPasswordChangeOnAReplicaWhileAnotherMigratesTheUserIsSetByTheNextLogin()
            throws Exception {
        MigrationService first = service();
        MigrationService second = otherReplica();
        Faults.Hold hold = clerk.faults().holdUserCreates();
        CompletableFuture<MigrationOutcome> firstLogin = login(first, "old-password");
        assertThat(hold.awaitArrival(Duration.ofSeconds(10))).isTrue();

        assertThat(passwordChange(second, "new-password").get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.DEFERRED);
        hold.release();
        assertThat(firstLogin.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.CREATED);

        assertThat(fixture.verifies("42", "old-password")).isTrue();
        assertThat(fixture.ledger.rows().find("42").orElseThrow().lastErrorCode())
                .as("the first replica's completion keeps the other's marker")
                .hasValue(MigrationRows.PASSWORD_STALE);
        assertThat(login(second, "new-password").get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
        assertThat(fixture.verifies("42", "new-password")).isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void aReplicaThatKnowsTheUserReadsAStaleMarkerSetElsewhereOnceItsCacheAges() throws Exception {
        MigrationService first = service();
        MigrationService second = otherReplica();
        assertThat(login(first, "old-password").get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.CREATED);
        clerk.faults().outage(true);
        assertThat(passwordChange(second, "new-password").get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.DEFERRED);
        clerk.faults().clear();

        assertThat(first.isKnownMigrated("42")).isTrue();
        fixture.ticker.advance(Duration.ofMinutes(6));
        assertThat(first.isKnownMigrated("42")).isFalse();
        assertThat(login(first, "new-password").get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
        assertThat(fixture.verifies("42", "new-password")).isTrue();
    }

    @Test
    void loginsWithTheSamePasswordShareOneFlightAndNeverUpdateIt() throws Exception {
        MigrationService service = service();
        Faults.Hold hold = firstLoginHeld(service, "same-password");

        CompletableFuture<MigrationOutcome> secondTab = login(service, "same-password");
        hold.release();

        assertThat(secondTab.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(calls("POST", "/v1/users")).isEqualTo(1);
        assertThat(calls("PATCH", "/v1/users/")).isZero();
    }

    @Test
    void aLoginCheckedBeforeAPasswordChangeInFlightDoesNotUndoTheChange() throws Exception {
        MigrationService service = service();
        Faults.Hold hold = clerk.faults().holdUserCreates();
        CompletableFuture<MigrationOutcome> change = passwordChange(service, "new-password");
        assertThat(hold.awaitArrival(Duration.ofSeconds(10))).isTrue();

        CompletableFuture<MigrationOutcome> staleLogin = login(service, "old-password");
        hold.release();

        assertThat(change.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(staleLogin.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(fixture.verifies("42", "new-password")).isTrue();
        assertThat(calls("PATCH", "/v1/users/")).isZero();
    }

    @Test
    void aMigrationTheFullPoolCannotTakeIsShedWithoutTouchingClerkOrTheLedger() throws Exception {
        try (MigrationFixture small =
                new MigrationFixture(clerk, Files.createDirectory(dir.resolve("small")), 1, 1)) {
            MigrationService service =
                    small.service(
                            MigrationFixture.policy(
                                    MigrationPolicy.PasswordMode.PLAINTEXT,
                                    MigrationPolicy.ConflictPolicy.LINK,
                                    false));
            CountDownLatch release = small.occupyThePool();
            small.pool.submit(() -> "fills the only queue slot");

            MigrationOutcome outcome = login(service, "pw").get(10, TimeUnit.SECONDS);
            release.countDown();

            assertThat(outcome).isEqualTo(MigrationOutcome.SHED);
            assertThat(small.ledger.rows().find("42")).isEmpty();
            assertThat(calls("GET", "/v1/users") + calls("POST", "/v1/users")).isZero();
            assertThat(shed(small, "queue_full")).isEqualTo(1);
        }
    }

    @Test
    void aMigrationStillQueuedWhenItsLoginHasGoneOnIsDroppedUnrun() throws Exception {
        try (MigrationFixture small =
                new MigrationFixture(clerk, Files.createDirectory(dir.resolve("small")), 1, 4)) {
            MigrationService service =
                    small.service(
                            MigrationFixture.policy(
                                    MigrationPolicy.PasswordMode.PLAINTEXT,
                                    MigrationPolicy.ConflictPolicy.LINK,
                                    false));
            CountDownLatch release = small.occupyThePool();
            CompletableFuture<MigrationOutcome> queued = login(service, "pw");

            small.ticker.advance(MigrationFixture.LOGIN_BUDGET.plusMillis(1));
            release.countDown();

            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(MigrationOutcome.SHED);
            assertThat(small.ledger.rows().find("42")).isEmpty();
            assertThat(calls("GET", "/v1/users") + calls("POST", "/v1/users")).isZero();
            assertThat(shed(small, "expired")).isEqualTo(1);

            assertThat(login(service, "pw").get(10, TimeUnit.SECONDS))
                    .as("the next login migrates the user")
                    .isEqualTo(MigrationOutcome.CREATED);
            assertThat(small.ledger.rows().find("42").orElseThrow().state())
                    .isEqualTo(MigrationState.MIGRATED);
        }
    }

    private static double shed(MigrationFixture fixture, String reason) {
        return fixture.meters
                .get("trickle.pool.shed")
                .tag("pool", "migration")
                .tag("reason", reason)
                .counter()
                .count();
    }
}
