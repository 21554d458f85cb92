package dev.trickle.core.ledger;

import java.time.Instant;

/**
 * One hourly bucket of a counter: {@code metric} is {@code login} (label {@code migrated} or {@code
 * not_migrated}), {@code outcome} (label {@code <state>/<source>}) or {@code shadow} (label the
 * outcome shadow mode assessed).
 */
public record CounterPoint(Instant bucketStart, String metric, String label, long count) {}
