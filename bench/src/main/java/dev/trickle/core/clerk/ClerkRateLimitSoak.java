package dev.trickle.core.clerk;

import dev.trickle.core.config.Secret;
import dev.trickle.core.ratelimit.RateLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained load through the shared Clerk rate limiter against a Clerk (emulator) that enforces a
 * limit. Guards against a limiter that leaves throughput on the table (achieved rate well below the
 * limit) or overshoots it (429s). Target: at least 95% of the limit, under 1% answered 429.
 *
 * <p>Not JMH: it measures a rate against a remote limit over minutes, not a code path. Run with the
 * emulator listening (see BENCHMARKS.md):
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.trickle.core.clerk.ClerkRateLimitSoak \
 *     http://127.0.0.1:4011/v1 sk_test_bench 60 32 [permits periodSeconds]
 * </pre>
 *
 * Arguments: API URL, secret key (its prefix picks Clerk's default limit), seconds of load (at most
 * 600), concurrent callers (at most 256), and optionally the limit the emulator enforces.
 */
public final class ClerkRateLimitSoak {
    private static final int MAX_SECONDS = 600;
    private static final int MAX_CALLERS = 256;

    private ClerkRateLimitSoak() {}

    public static void main(String[] args) {
        if (args.length != 4 && args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: API_URL SECRET_KEY SECONDS CALLERS [PERMITS PERIOD_SECONDS]");
        }
        int seconds = Math.min(MAX_SECONDS, Integer.parseInt(args[2]));
        int callers = Math.min(MAX_CALLERS, Integer.parseInt(args[3]));
        ClerkSettings settings = ClerkSettings.of(args[0], Secret.of(args[1]));
        if (args.length == 6) {
            settings =
                    settings.withRateLimit(
                            RateLimit.of(
                                    Integer.parseInt(args[4]),
                                    Duration.ofSeconds(Long.parseLong(args[5]))));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClerkClient client = ClerkClient.builder(settings).meterRegistry(registry).build();

        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong lastAnswer = new AtomicLong(start);
        AtomicLong failedCalls = new AtomicLong();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            loops.add(callUntil(client, end, lastAnswer, failedCalls));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();

        double elapsedSeconds = (lastAnswer.get() - start) / 1e9;
        long requests =
                registry.find(ClerkMeters.REQUESTS).timers().stream().mapToLong(Timer::count).sum();
        double rateLimited =
                registry.find(ClerkMeters.RATE_LIMITED).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum();
        RateLimit limit = client.rateLimit();
        double achieved = requests / elapsedSeconds;
        System.out.printf(
                Locale.ROOT,
                "limit %s (%.2f/s), %d callers, %.1f s: %d requests = %.2f/s = %.1f%% of limit;"
                        + " 429s %d = %.2f%%; failed calls %d%n",
                limit,
                limit.perSecond(),
                callers,
                elapsedSeconds,
                requests,
                achieved,
                100 * achieved / limit.perSecond(),
                (long) rateLimited,
                requests == 0 ? 0.0 : 100 * rateLimited / requests,
                failedCalls.get());
    }

    private static CompletableFuture<Void> callUntil(
            ClerkClient client, long end, AtomicLong lastAnswer, AtomicLong failedCalls) {
        if (System.nanoTime() - end >= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return client.listUsers(
                        UserQuery.all(),
                        Page.first(1),
                        client.deadlineAfter(Duration.ofSeconds(30)))
                .thenCompose(
                        result -> {
                            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                            if (!result.isOk()) {
                                failedCalls.incrementAndGet();
                            }
                            return callUntil(client, end, lastAnswer, failedCalls);
                        });
    }
}
