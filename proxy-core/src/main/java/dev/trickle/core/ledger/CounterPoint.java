package dev.trickle.core.ledger;

import java.time.Instant;

/**
 * One hourly bucket of a counter: {@code metric} is {@code login} (label {@code migrated} or {@code
 * not_migrated}) or {@code outcome} (label {@code <state>/<source>}).
 */
public record CounterPoint(Instant bucketStart, String metric, String label, long count) {}
