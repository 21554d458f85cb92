package dev.trickle.core.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * One legacy user's row; {@code origin} says whether Trickle created the Clerk user. Deliberately
 * has no field able to hold a password or digest: the ledger is backed up and shared, so it must
 * never become a credential store.
 */
public record LedgerRecord(
        String legacyId,
        String identifier,
        Optional<String> clerkUserId,
        MigrationState state,
        MigrationSource source,
        int attempts,
        Optional<String> lastErrorCode,
        Optional<Instant> nextAttemptAt,
        Optional<String> claimOwner,
        Optional<Instant> claimExpiresAt,
        Instant firstSeenAt,
        Optional<Instant> migratedAt,
        Instant updatedAt,
        ClerkOrigin origin) {}
