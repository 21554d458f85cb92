package dev.trickle.core.migration;

import static dev.trickle.core.migration.MigrationHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.testkit.LegacyIdentities;
import dev.trickle.core.testkit.MigrationPolicies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ShadowAssessmentsTest {
    private static final LegacyIdentity ADA =
            LegacyIdentities.user("u1").email("ada@example.com").emailVerified(true).build();

    @TempDir Path dir;
    private MigrationHarness harness;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ShadowAssessments shadow;

    @BeforeEach
    void open() {
        harness = new MigrationHarness(dir);
        MigrationPolicy policy = MigrationPolicies.defaults().build();
        shadow =
                new ShadowAssessments(
                        harness.clerk,
                        harness.ledger.counters(),
                        harness.pool,
                        policy,
                        new EmailTrust(false),
                        harness.clock,
                        new MigrationMetrics(registry),
                        harness.clock,
                        MigrationCaches.MIN_SIZE);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aVerdictIsRememberedForADayOnTheInjectedTicker() {
        assertThat(await(assess())).isEqualTo(MigrationOutcome.WOULD_CREATE);
        harness.clerk.add(null, "ada@example.com", IdentificationStatus.VERIFIED);

        assertThat(await(assess()))
                .as("the cached verdict")
                .isEqualTo(MigrationOutcome.WOULD_CREATE);
        harness.clock.advance(ShadowAssessments.REASSESS_AFTER);

        assertThat(await(assess())).isEqualTo(MigrationOutcome.WOULD_LINK);
        assertThat(harness.clerk.calls("createUser")).isZero();
    }

    @Test
    void clerkBeingUnreachableIsNotRemembered() {
        harness.clerk.fail(ClerkFailure.RETRYABLE);
        assertThat(await(assess())).isEqualTo(MigrationOutcome.UNASSESSED);

        harness.clerk.recover();

        assertThat(await(assess())).isEqualTo(MigrationOutcome.WOULD_CREATE);
    }

    @Test
    void theVerdictCacheIsMeteredUnderItsTag() {
        await(assess());
        await(assess());

        assertThat(
                        registry.get("cache.gets")
                                .tag("cache", MigrationMeters.CACHE_SHADOW_ASSESSMENTS)
                                .tag("result", "hit")
                                .functionCounter()
                                .count())
                .isEqualTo(1.0);
    }

    private CompletableFuture<MigrationOutcome> assess() {
        return shadow.assess(ADA, MigrationSource.LOGIN, "req");
    }
}
