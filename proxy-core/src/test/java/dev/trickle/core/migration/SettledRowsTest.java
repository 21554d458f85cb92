package dev.trickle.core.migration;

import static dev.trickle.core.migration.MigrationHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.testkit.LegacyIdentities;
import dev.trickle.core.testkit.MigrationPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SettledRowsTest {
    private static final LegacyIdentity ADA =
            LegacyIdentities.user("u1").email("ada@example.com").build();

    @TempDir Path dir;
    private MigrationHarness harness;
    private MigrationHarness.Steps steps;

    @BeforeEach
    void open() {
        harness = new MigrationHarness(dir);
        steps = harness.steps(MigrationPolicies.defaults().build(), "replica-a");
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aUserInClerkEndsTheClaimMigratedAndIsKnownFromThenOn() {
        ClaimedRun run = steps.claim(steps.login(ADA, "pw"));
        steps.deferred.put(job(Instant.EPOCH));

        assertThat(
                        await(
                                steps.settled.inClerk(
                                        run,
                                        MigrationState.MIGRATED,
                                        "user_9",
                                        MigrationOutcome.CREATED)))
                .isEqualTo(MigrationOutcome.CREATED);

        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.MIGRATED);
        assertThat(harness.row("u1").clerkUserId()).contains("user_9");
        assertThat(harness.row("u1").claimOwner()).isEmpty();
        assertThat(steps.known.clerkUserId("u1")).contains("user_9");
        assertThat(steps.deferred.contains("u1")).as("its retry is no longer needed").isFalse();
    }

    @Test
    void transientTroubleDefersTheRowAndKeepsAJobWithADigestNotThePassword() {
        ClaimedRun run = steps.claim(steps.login(ADA, "pw"));

        assertThat(await(steps.settled.clerkFailure(run, error(ClerkFailure.RETRYABLE))))
                .isEqualTo(MigrationOutcome.DEFERRED);

        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.PENDING);
        assertThat(harness.row("u1").lastErrorCode()).contains("clerk_retryable");
        assertThat(harness.row("u1").nextAttemptAt())
                .hasValueSatisfying(
                        next ->
                                assertThat(next)
                                        .isBetween(
                                                harness.clock.instant().plusSeconds(23),
                                                harness.clock.instant().plusSeconds(37)));
        harness.eventually(() -> steps.deferred.contains("u1"));
        DeferredMigration job = steps.deferred.due(Instant.MAX, 1).get(0);
        assertThat(job.plan()).isInstanceOf(PasswordPlan.Digest.class);
    }

    @Test
    void aRefusalForGoodIsRecordedFailed() {
        ClaimedRun run = steps.claim(steps.login(ADA, "pw"));

        assertThat(await(steps.settled.clerkFailure(run, error(ClerkFailure.PASSWORD_PWNED))))
                .isEqualTo(MigrationOutcome.FAILED);

        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.FAILED);
        assertThat(harness.row("u1").lastErrorCode()).contains("clerk_password_pwned");
    }

    @Test
    void aConflictKeepsItsReason() {
        ClaimedRun run = steps.claim(steps.login(ADA, "pw"));

        assertThat(await(steps.settled.conflict(run, "identifier_taken")))
                .isEqualTo(MigrationOutcome.CONFLICT);

        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.CONFLICT);
        assertThat(harness.row("u1").lastErrorCode()).contains("identifier_taken");
    }

    @Test
    void aDeferralWhoseClaimWasTakenOverLeavesTheNewOwnersRowAlone() {
        ClaimedRun run = steps.claim(steps.login(ADA, "pw"));
        harness.clock.advance(steps.policy.lease().plusSeconds(1));
        harness.ledger
                .rows()
                .claim(
                        "u1",
                        "ada@example.com",
                        run.attempt().source(),
                        "replica-b",
                        Duration.ofMinutes(1));

        await(steps.settled.clerkFailure(run, error(ClerkFailure.RETRYABLE)));

        assertThat(harness.row("u1").claimOwner()).contains("replica-b");
        assertThat(harness.row("u1").state()).isEqualTo(MigrationState.MIGRATING);
        assertThat(harness.row("u1").lastErrorCode()).isEmpty();
    }

    private static DeferredMigration job(Instant due) {
        return new DeferredMigration(
                ADA, "ada@example.com", new PasswordPlan.None(), MigrationSource.LOGIN, "req", due);
    }

    private static ClerkError error(ClerkFailure failure) {
        return new ClerkError(failure, 503, "x", null, null, false, 1, null, "test");
    }
}
