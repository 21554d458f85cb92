package dev.trickle.core.migration;

import static dev.trickle.core.migration.MigrationHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.testkit.InMemoryClerk;
import dev.trickle.core.testkit.LegacyIdentities;
import dev.trickle.core.testkit.MigrationPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning: from the ledger claim to a user in Clerk, found before anything is created. */
final class MigrationRunTest {
    private static final LegacyIdentity ADA =
            LegacyIdentities.user("u1").email("ada@example.com").emailVerified(true).build();

    @TempDir Path dir;
    private MigrationHarness harness;
    private MigrationHarness.Steps steps;

    @BeforeEach
    void open() {
        harness = new MigrationHarness(dir);
        steps =
                harness.steps(
                        MigrationPolicies.defaults().loginBudget(Duration.ofSeconds(20)).build(),
                        "replica-a");
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void anAbsentUserIsCreatedWithItsExternalId() {
        assertThat(await(steps.runs.run(steps.login(ADA, "pw"))))
                .isEqualTo(MigrationOutcome.CREATED);

        assertThat(harness.clerk.byExternalId("u1")).isPresent();
        assertThat(harness.clerk.calls("listUsers"))
                .as("asked by external_id before creating")
                .isEqualTo(1);
    }

    @Test
    void aCreateThatLostARaceForTheExternalIdFindsTheWinner() {
        InMemoryClerk.Hold hold = harness.clerk.holdCreates();
        CompletableFuture<MigrationOutcome> run = steps.runs.run(steps.login(ADA, "pw"));
        await(hold.arrived());
        String winner = harness.clerk.add("u1", null, IdentificationStatus.VERIFIED).id();

        hold.release();

        assertThat(await(run)).isEqualTo(MigrationOutcome.ALREADY_PRESENT);
        assertThat(harness.row("u1").clerkUserId()).contains(winner);
        assertThat(harness.clerk.users()).hasSize(1);
    }

    @Test
    void aClaimHeldByAnotherReplicaIsLeftToIt() {
        harness.ledger
                .rows()
                .claim(
                        "u1",
                        "ada@example.com",
                        MigrationSource.LOGIN,
                        "replica-b",
                        Duration.ofMinutes(1));

        assertThat(await(steps.runs.run(steps.login(ADA, "pw"))))
                .isEqualTo(MigrationOutcome.IN_PROGRESS);

        assertThat(harness.clerk.calls("listUsers")).isZero();
    }

    @Test
    void aPasswordChangeMeetingAnotherReplicasClaimMarksThePasswordStale() {
        harness.ledger
                .rows()
                .claim(
                        "u1",
                        "ada@example.com",
                        MigrationSource.LOGIN,
                        "replica-b",
                        Duration.ofMinutes(1));
        MigrationAttempt change = steps.login(ADA, "new").asPasswordChange();

        assertThat(await(steps.runs.run(change))).isEqualTo(MigrationOutcome.DEFERRED);

        assertThat(harness.row("u1").lastErrorCode()).contains("password_stale");
        assertThat(harness.row("u1").claimOwner()).contains("replica-b");
    }

    @Test
    void aRowSettledEarlierIsAnsweredFromTheLedger() {
        await(steps.runs.run(steps.login(ADA, "pw")));
        int lookups = harness.clerk.calls("listUsers");

        assertThat(await(steps.runs.run(steps.login(ADA, "pw"))))
                .isEqualTo(MigrationOutcome.ALREADY_PRESENT);

        assertThat(harness.clerk.calls("listUsers")).isEqualTo(lookups);
        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.MIGRATED);
    }

    @Test
    void aUserWhoCannotMigrateWithoutLoggingInIsParkedUntilThen() {
        harness.ledger
                .rows()
                .claim(
                        "u1",
                        "ada@example.com",
                        MigrationSource.IMPORT,
                        "replica-b",
                        Duration.ofSeconds(1));
        harness.clock.advance(Duration.ofSeconds(2));
        Instant until = harness.clock.instant().plus(Duration.ofHours(6));

        steps.runs.awaitLogin("u1", "ada@example.com", MigrationSource.IMPORT, until);

        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.PENDING);
        assertThat(harness.row("u1").lastErrorCode()).contains("awaiting_login");
        assertThat(harness.row("u1").nextAttemptAt()).contains(until);
    }
}
