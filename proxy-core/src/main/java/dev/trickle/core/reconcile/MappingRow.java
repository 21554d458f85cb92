package dev.trickle.core.reconcile;

import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.LedgerRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of the id mapping.
 *
 * @param identifier what the user logged in or was imported with (email or username), as the ledger
 *     keeps it: not necessarily an email
 * @param email the Clerk user's primary email address, known only when confirmed against Clerk
 * @param check Clerk's answer, when confirmed against Clerk
 */
public record MappingRow(
        String legacyId,
        String clerkUserId,
        String identifier,
        Optional<String> email,
        String state,
        String source,
        Optional<Instant> migratedAt,
        String createdByTrickle,
        Optional<ClerkCheck> check) {

    /** Column names, in order, as written in CSV headers and JSON fields. */
    public static final String[] COLUMNS = {
        "legacy_id",
        "clerk_user_id",
        "identifier",
        "email",
        "state",
        "source",
        "migrated_at",
        "created_by_trickle",
        "clerk_check"
    };

    static MappingRow of(LedgerRecord row, Optional<String> email, Optional<ClerkCheck> check) {
        return new MappingRow(
                row.legacyId(),
                row.clerkUserId().orElse(""),
                row.identifier(),
                email,
                row.state().code(),
                row.source().code(),
                row.migratedAt(),
                row.origin() == ClerkOrigin.UNKNOWN
                        ? "unknown"
                        : String.valueOf(row.origin() == ClerkOrigin.CREATED),
                check);
    }

    /** The values in {@link #COLUMNS} order; absent ones are {@code null}. */
    String[] values() {
        return new String[] {
            legacyId,
            clerkUserId,
            identifier,
            email.orElse(null),
            state,
            source,
            migratedAt.map(Instant::toString).orElse(null),
            createdByTrickle,
            check.map(ClerkCheck::code).orElse(null)
        };
    }
}
