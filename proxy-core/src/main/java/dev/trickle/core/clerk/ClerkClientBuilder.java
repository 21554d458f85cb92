package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.ratelimit.KeyedRateLimiter;
import dev.trickle.core.ratelimit.TokenBucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Builds a {@link ClerkClient}. Only the settings are required; time, scheduling and randomness are
 * injectable so tests can drive them by hand.
 */
public final class ClerkClientBuilder {
    /**
     * A migration's look-up by external_id and its create, back to back: an idle limiter lets both
     * through at once instead of spacing the create one interval after the look-up.
     */
    private static final int MIGRATION_CALLS = 2;

    /** Per-user buckets kept at most; an evicted busy user can at worst earn one Clerk 429. */
    static final long MAX_TRACKED_USERS = 100_000;

    private final ClerkSettings settings;
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Ticker ticker = Ticker.systemTicker();
    private Scheduler scheduler;
    private Executor executor;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private HttpClient httpClient;
    private TokenBucket instanceLimiter;

    ClerkClientBuilder(ClerkSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        settings.validate(new ConfigProblems(), "clerk").throwIfAny();
    }

    public ClerkClientBuilder meterRegistry(MeterRegistry value) {
        registry = requireNonNull(value, "meterRegistry");
        return this;
    }

    /** Time source of deadlines, limiters and latency; tests pass a fake. */
    public ClerkClientBuilder ticker(Ticker value) {
        ticker = requireNonNull(value, "ticker");
        return this;
    }

    /**
     * The threads that run delayed work and what it releases, owned and closed by the caller;
     * without them (and without {@link #scheduler} and {@link #executor}) the client shares a set
     * that lives as long as the process.
     */
    public ClerkClientBuilder threads(ClerkThreads value) {
        requireNonNull(value, "threads");
        scheduler = value.scheduler();
        executor = value.workers();
        return this;
    }

    /** Runs delayed work (limiter waits, backoff); tests pass one driven by their ticker. */
    public ClerkClientBuilder scheduler(Scheduler value) {
        scheduler = requireNonNull(value, "scheduler");
        return this;
    }

    /** Where scheduled work runs. */
    public ClerkClientBuilder executor(Executor value) {
        executor = requireNonNull(value, "executor");
        return this;
    }

    /** Uniform [0, 1) values for backoff jitter. */
    public ClerkClientBuilder random(DoubleSupplier value) {
        random = requireNonNull(value, "random");
        return this;
    }

    public ClerkClientBuilder httpClient(HttpClient value) {
        httpClient = requireNonNull(value, "httpClient");
        return this;
    }

    /**
     * Shares an existing instance limiter, e.g. between the login path's client and the backfill's
     * client of the same Clerk instance. It must use this builder's ticker.
     */
    public ClerkClientBuilder instanceLimiter(TokenBucket value) {
        instanceLimiter = requireNonNull(value, "instanceLimiter");
        return this;
    }

    public ClerkClient build() {
        Scheduler scheduler =
                this.scheduler != null ? this.scheduler : ClerkThreads.shared().scheduler();
        Executor executor = this.executor != null ? this.executor : ClerkThreads.shared().workers();
        TokenBucket instance =
                instanceLimiter != null
                        ? instanceLimiter
                        : new TokenBucket(
                                settings.effectiveRateLimit(),
                                MIGRATION_CALLS,
                                ticker,
                                scheduler,
                                executor);
        KeyedRateLimiter perUser =
                new KeyedRateLimiter(
                        settings.userUpdateLimit(), ticker, scheduler, executor, MAX_TRACKED_USERS);
        ClerkTransport transport =
                new ClerkTransport(
                        httpClient != null ? httpClient : ClerkTransport.newHttpClient(settings),
                        settings);
        ClerkMetrics metrics = new ClerkMetrics(registry);
        AuthenticationMonitor auth = new AuthenticationMonitor(registry);
        CallRunner runner =
                new CallRunner(
                        transport, instance, perUser, settings, ticker, scheduler, executor, random,
                        metrics, auth);
        return new HttpClerkClient(runner, instance, ticker, auth);
    }
}
