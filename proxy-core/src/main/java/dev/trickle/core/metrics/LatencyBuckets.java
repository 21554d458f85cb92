package dev.trickle.core.metrics;

import java.time.Duration;

/**
 * The histogram buckets every Trickle timer publishes: a dozen bounds from 5 ms to 30 s, where the
 * budgets that matter sit (a login's 1.5 s migration budget, Clerk's 10 s request timeout), instead
 * of Micrometer's 69 per series. Quantiles in PromQL are interpolated between them.
 */
public final class LatencyBuckets {
    private static final Duration[] BOUNDS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(1500),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private LatencyBuckets() {}

    /** The bounds, for {@code Timer.Builder.serviceLevelObjectives}. */
    public static Duration[] bounds() {
        return BOUNDS.clone();
    }
}
