package dev.trickle.core.clerk;

import dev.trickle.core.metrics.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Records the {@link ClerkMeters}; every tag value comes from a small fixed set. */
final class ClerkMetrics {
    private final MeterRegistry registry;

    ClerkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(String operation, int status, ClerkError errorOrNull, long nanos) {
        Timer.builder(ClerkMeters.REQUESTS)
                .description("Clerk Backend API requests, one per HTTP attempt")
                .tag(ClerkMeters.TAG_OPERATION, operation)
                .tag(ClerkMeters.TAG_STATUS, statusClass(status))
                .tag(ClerkMeters.TAG_OUTCOME, outcome(errorOrNull))
                .serviceLevelObjectives(LatencyBuckets.bounds())
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (status == 429) {
            Counter.builder(ClerkMeters.RATE_LIMITED)
                    .description("Clerk calls answered 429 Too Many Requests")
                    .tag(ClerkMeters.TAG_OPERATION, operation)
                    .register(registry)
                    .increment();
        }
    }

    void retry(String operation, ClerkError cause) {
        Counter.builder(ClerkMeters.RETRIES)
                .description("Clerk calls tried again after a retryable failure")
                .tag(ClerkMeters.TAG_OPERATION, operation)
                .tag(ClerkMeters.TAG_OUTCOME, outcome(cause))
                .register(registry)
                .increment();
    }

    void limiterWait(String limiter, Duration waited) {
        Timer.builder(ClerkMeters.LIMITER_WAIT)
                .description("Time a Clerk call waited for the rate limiter")
                .tag(ClerkMeters.TAG_LIMITER, limiter)
                .register(registry)
                .record(waited);
    }

    void limiterRejected(String limiter) {
        Counter.builder(ClerkMeters.LIMITER_REJECTED)
                .description("Clerk calls the rate limiter refused: no permit within the deadline")
                .tag(ClerkMeters.TAG_LIMITER, limiter)
                .register(registry)
                .increment();
    }

    MeterRegistry registry() {
        return registry;
    }

    static String outcome(ClerkError errorOrNull) {
        return errorOrNull == null ? "ok" : errorOrNull.failure().name().toLowerCase(Locale.ROOT);
    }

    private static String statusClass(int status) {
        return status <= 0 ? "none" : (status / 100) + "xx";
    }
}
