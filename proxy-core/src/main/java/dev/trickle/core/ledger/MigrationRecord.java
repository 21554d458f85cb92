package dev.trickle.core.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * One legacy user's row. There is no field for a password or digest, by design.
 *
 * @param identifier the login identifier as last seen (email or username)
 * @param lastError a short error code (e.g. {@code clerk_rate_limited}), never a message with data
 */
public record MigrationRecord(
        String legacyId,
        String identifier,
        Optional<String> clerkUserId,
        MigrationState state,
        MigrationSource source,
        int attempts,
        Optional<String> lastError,
        Optional<Instant> nextAttemptAt,
        Optional<String> claimOwner,
        Optional<Instant> claimExpiresAt,
        Instant firstSeen,
        Optional<Instant> migratedAt,
        Instant updatedAt) {}
