package dev.trickle.core.migration;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This process's deferred migrations by legacy id. Bounded: past {@code capacity} new ones are not
 * kept in memory (their ledger rows stay pending, so nothing is lost, only the early retry).
 *
 * <p>A user whose password changed while its migration was in flight is refused a job until its
 * next login or password change starts a migration: a job kept from the older flight (its bcrypt
 * digest may land after the change was seen) would create the user with the older password.
 */
final class DeferredMigrations {
    private final ConcurrentMap<String, DeferredMigration> byLegacyId = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final int capacity;

    DeferredMigrations(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Keeps or replaces the job for its user, unless the user is {@link #refuse refused}; false
     * only when full and the user had none.
     */
    boolean put(DeferredMigration job) {
        if (refused.contains(job.legacyId())) {
            return true;
        }
        if (byLegacyId.size() >= capacity && !byLegacyId.containsKey(job.legacyId())) {
            return false;
        }
        byLegacyId.put(job.legacyId(), job);
        return true;
    }

    /** Drops the user's job and keeps any older flight from leaving another. */
    void refuse(String legacyId) {
        if (refused.size() < capacity) {
            refused.add(legacyId);
        }
        byLegacyId.remove(legacyId);
    }

    /** A migration carrying the user's current password has started: it may keep a job again. */
    void accept(String legacyId) {
        refused.remove(legacyId);
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
