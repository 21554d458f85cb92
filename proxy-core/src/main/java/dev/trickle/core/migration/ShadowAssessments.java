package dev.trickle.core.migration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.ledger.HourlyCounters;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow mode: what migrate would do for a user, from read-only look-ups ({@link
 * ShadowAssessment}), once per user per day; a verdict is remembered so repeat logins cost Clerk
 * nothing, and counted for the dry run's charts. Never writes to Clerk or to a ledger row.
 */
final class ShadowAssessments {
    private static final Logger log = LoggerFactory.getLogger(MigrationService.class);

    /** A user's verdict is asked again after this: the Clerk side may have changed meanwhile. */
    static final Duration REASSESS_AFTER = Duration.ofDays(1);

    private final ClerkClient clerk;
    private final HourlyCounters counters;
    private final BoundedPool pool;
    private final MigrationPolicy policy;
    private final EmailTrust emails;
    private final Clock clock;
    private final MigrationMetrics metrics;
    private final Cache<String, MigrationOutcome> assessed;

    ShadowAssessments(
            ClerkClient clerk,
            HourlyCounters counters,
            BoundedPool pool,
            MigrationPolicy policy,
            EmailTrust emails,
            Clock clock,
            MigrationMetrics metrics,
            Ticker ticker,
            long size) {
        this.clerk = clerk;
        this.counters = counters;
        this.pool = pool;
        this.policy = policy;
        this.emails = emails;
        this.clock = clock;
        this.metrics = metrics;
        this.assessed =
                Caffeine.newBuilder()
                        .maximumSize(size)
                        .expireAfterWrite(REASSESS_AFTER)
                        .ticker(ticker)
                        .recordStats()
                        .build();
        metrics.cache(MigrationMeters.CACHE_SHADOW_ASSESSMENTS, assessed);
    }

    CompletableFuture<MigrationOutcome> assess(
            LegacyIdentity identity, MigrationSource source, String requestId) {
        MigrationOutcome earlier = assessed.getIfPresent(identity.legacyId());
        if (earlier != null) {
            return CompletableFuture.completedFuture(earlier);
        }
        long started = System.nanoTime();
        Deadline deadline = clerk.deadlineAfter(policy.loginBudget());
        return new ShadowAssessment(clerk, policy.conflict(), emails, deadline)
                .assess(identity)
                .thenApply(
                        outcome -> {
                            if (outcome != MigrationOutcome.UNASSESSED) {
                                assessed.put(identity.legacyId(), outcome);
                            }
                            metrics.outcome(
                                    outcome, source, Duration.ofNanos(System.nanoTime() - started));
                            // A chart point: dropped, not waited for, when the pool is full.
                            pool.submit(() -> count(outcome));
                            log.atInfo()
                                    .addKeyValue("request_id", requestId)
                                    .addKeyValue("legacy_id", identity.legacyId())
                                    .addKeyValue("outcome", outcome.tag())
                                    .log("shadow assessment {}", outcome.tag());
                            return outcome;
                        });
    }

    private boolean count(MigrationOutcome outcome) {
        try {
            counters.recordShadowOutcome(clock.instant(), outcome.tag());
            return true;
        } catch (LedgerUnavailable e) {
            // A chart point lost; shadow mode writes nothing that matters.
            return false;
        }
    }
}
