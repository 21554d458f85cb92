package dev.trickle.core.migration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Users this process knows to be in Clerk, so a repeat login needs no I/O: legacy id to Clerk user
 * id, and identifier to legacy id (identifiers may be renamed or reassigned in the legacy system,
 * so those age out).
 */
final class KnownUsers {
    /**
     * How long a user stays known without the ledger being asked. Another replica may mark the
     * user's password stale (a change it could not get to Clerk): the first login here after this
     * long reads the marker and sets the password. One ledger read per user per period is cheap.
     */
    static final Duration TRUST_LEDGER_AFTER = Duration.ofMinutes(5);

    private final Cache<String, String> clerkIds;
    private final Cache<String, String> legacyIds;

    /**
     * @param size users held in each direction
     */
    KnownUsers(Ticker ticker, long size) {
        clerkIds =
                Caffeine.newBuilder()
                        .maximumSize(size)
                        .expireAfterWrite(TRUST_LEDGER_AFTER)
                        .ticker(ticker)
                        .recordStats()
                        .build();
        legacyIds =
                Caffeine.newBuilder()
                        .maximumSize(size)
                        .expireAfterWrite(Duration.ofHours(1))
                        .ticker(ticker)
                        .recordStats()
                        .build();
    }

    /** Hit rates and sizes for the operator: a low hit rate means repeat logins do ledger I/O. */
    void registerWith(MigrationMetrics metrics) {
        metrics.cache(MigrationMeters.CACHE_KNOWN_USERS, clerkIds);
        metrics.cache(MigrationMeters.CACHE_KNOWN_IDENTIFIERS, legacyIds);
    }

    void remember(MigrationAttempt attempt, String clerkUserId) {
        clerkIds.put(attempt.legacyId(), clerkUserId);
        remember(attempt.identifier(), attempt.legacyId());
    }

    void remember(String identifier, String legacyId) {
        if (!identifier.isBlank()) {
            legacyIds.put(identifier, legacyId);
        }
    }

    /**
     * Forgets a user whose Clerk side needs the ledger again (a password to set, a user deleted
     * there): the next login goes through the ledger instead of the cache.
     */
    void forget(String legacyId) {
        clerkIds.invalidate(legacyId);
    }

    Optional<String> clerkUserId(String legacyId) {
        return Optional.ofNullable(clerkIds.getIfPresent(legacyId));
    }

    Optional<String> legacyIdFor(String identifier) {
        return Optional.ofNullable(legacyIds.getIfPresent(identifier))
                .filter(id -> clerkIds.getIfPresent(id) != null);
    }
}
