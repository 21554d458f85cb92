package dev.trickle.core.migration;

import static dev.trickle.core.migration.MigrationHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.testkit.InMemoryClerk;
import dev.trickle.core.testkit.LegacyIdentities;
import dev.trickle.core.testkit.MigrationPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single flight: one migration per legacy id in this process. */
final class FlightsTest {
    private static final LegacyIdentity ADA =
            LegacyIdentities.user("u1").email("ada@example.com").build();

    @TempDir Path dir;
    private MigrationHarness harness;
    private MigrationHarness.Steps steps;
    private Flights flights;

    @BeforeEach
    void open() {
        harness = new MigrationHarness(dir);
        steps =
                harness.steps(
                        MigrationPolicies.defaults().loginBudget(Duration.ofSeconds(20)).build(),
                        "replica-a");
        flights =
                new Flights(
                        steps.runs, harness.pool, steps.deferred, MigrationMetrics.discarding());
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aSecondAttemptWithTheSamePasswordSharesTheRunningOne() {
        InMemoryClerk.Hold hold = harness.clerk.holdCreates();
        CompletableFuture<MigrationOutcome> first = flights.start(steps.login(ADA, "pw"));
        await(hold.arrived());

        CompletableFuture<MigrationOutcome> second = flights.start(steps.login(ADA, "pw"));
        hold.release();

        assertThat(await(first)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(await(second)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(harness.clerk.calls("createUser")).isEqualTo(1);
        assertThat(harness.clerk.calls("listUsers")).as("one run, one look-up").isEqualTo(1);
    }

    @Test
    void anAttemptWithANewerPasswordWaitsThenSetsIt() {
        InMemoryClerk.Hold hold = harness.clerk.holdCreates();
        CompletableFuture<MigrationOutcome> first = flights.start(steps.login(ADA, "old"));
        await(hold.arrived());

        CompletableFuture<MigrationOutcome> newer = flights.start(steps.login(ADA, "new"));
        hold.release();

        assertThat(await(first)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(await(newer)).isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
        assertThat(harness.clerkPassword("u1")).isEqualTo("new");
    }

    @Test
    void aRetryNeverReplacesALoginsPassword() {
        InMemoryClerk.Hold hold = harness.clerk.holdCreates();
        CompletableFuture<MigrationOutcome> login = flights.start(steps.login(ADA, "current"));
        await(hold.arrived());
        DeferredMigration older =
                new DeferredMigration(
                        ADA,
                        "ada@example.com",
                        new PasswordPlan.Plaintext("older"),
                        MigrationSource.LOGIN,
                        "req",
                        harness.clock.instant());

        CompletableFuture<MigrationOutcome> retry = flights.start(steps.attempts.retry(older));
        hold.release();

        assertThat(await(retry)).isEqualTo(await(login)).isEqualTo(MigrationOutcome.CREATED);
        assertThat(harness.clerkPassword("u1")).isEqualTo("current");
    }

    @Test
    void aFinishedFlightLetsTheNextAttemptRunAfresh() {
        assertThat(await(flights.start(steps.login(ADA, "pw"))))
                .isEqualTo(MigrationOutcome.CREATED);

        assertThat(await(flights.start(steps.login(ADA, "pw"))))
                .as("answered from the settled row by a new run")
                .isEqualTo(MigrationOutcome.ALREADY_PRESENT);
    }
}
