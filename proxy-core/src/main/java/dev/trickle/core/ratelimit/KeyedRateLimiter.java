package dev.trickle.core.ratelimit;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One {@link TokenBucket} per key (for example Clerk's "10 updates per 10 s per user"). Buckets
 * live in a Caffeine cache and expire once idle for twice the period, by which time a fresh bucket
 * behaves exactly like the old one would have.
 */
public final class KeyedRateLimiter {
    private final RateLimit limit;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Cache<String, TokenBucket> buckets;

    public KeyedRateLimiter(
            RateLimit limit, Ticker ticker, Scheduler scheduler, Executor executor, long maxKeys) {
        this.limit = requireNonNull(limit, "limit");
        this.ticker = requireNonNull(ticker, "ticker");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.executor = requireNonNull(executor, "executor");
        this.buckets =
                Caffeine.newBuilder()
                        .ticker(ticker)
                        .expireAfterAccess(limit.period().multipliedBy(2))
                        .maximumSize(maxKeys)
                        .build();
    }

    public RateLimit limit() {
        return limit;
    }

    /** Like {@link TokenBucket#acquire}, for the bucket of {@code key}. */
    public CompletableFuture<RateLimitDecision> acquire(String key, Deadline deadline) {
        return bucket(key).acquire(deadline);
    }

    /** Like {@link TokenBucket#reserve}, for the bucket of {@code key}. */
    public RateLimitDecision reserve(String key, Deadline deadline) {
        return bucket(key).reserve(deadline);
    }

    /** Holds back callers of {@code key} only (the server rate-limited that key). */
    public void pause(String key, Duration retryAfter) {
        bucket(key).pause(retryAfter);
    }

    private TokenBucket bucket(String key) {
        requireNonNull(key, "key");
        return buckets.get(key, k -> new TokenBucket(limit, ticker, scheduler, executor));
    }
}
