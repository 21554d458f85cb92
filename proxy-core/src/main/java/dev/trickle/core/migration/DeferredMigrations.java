package dev.trickle.core.migration;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This process's deferred migrations by legacy id. Bounded: past {@code capacity} new ones are not
 * kept in memory (their ledger rows stay pending, so nothing is lost, only the early retry).
 */
final class DeferredMigrations {
    private final ConcurrentMap<String, DeferredMigration> byLegacyId = new ConcurrentHashMap<>();
    private final int capacity;

    DeferredMigrations(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps or replaces the job for its user; false when full and the user had none. */
    boolean put(DeferredMigration job) {
        if (byLegacyId.size() >= capacity && !byLegacyId.containsKey(job.legacyId())) {
            return false;
        }
        byLegacyId.put(job.legacyId(), job);
        return true;
    }

    void remove(String legacyId) {
        byLegacyId.remove(legacyId);
    }

    boolean contains(String legacyId) {
        return byLegacyId.containsKey(legacyId);
    }

    /** Jobs due at or before {@code now}, earliest first, at most {@code limit}. */
    List<DeferredMigration> due(Instant now, int limit) {
        return byLegacyId.values().stream()
                .filter(job -> !job.dueAt().isAfter(now))
                .sorted(Comparator.comparing(DeferredMigration::dueAt))
                .limit(limit)
                .toList();
    }

    int size() {
        return byLegacyId.size();
    }
}
