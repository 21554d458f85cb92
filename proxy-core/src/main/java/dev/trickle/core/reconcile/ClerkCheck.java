package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkUser;
import java.util.Locale;
import java.util.Optional;

/** What Clerk says about a ledger row that places its user in Clerk. */
public enum ClerkCheck {
    /** A Clerk user carries the legacy id as external_id and has the ledger's Clerk id. */
    CONFIRMED,
    /** No Clerk user carries the legacy id as external_id. */
    MISSING_IN_CLERK,
    /** A Clerk user carries the legacy id, but under another Clerk id than the ledger's. */
    CLERK_ID_DIFFERS;

    static ClerkCheck of(Optional<String> ledgerClerkId, Optional<ClerkUser> holder) {
        if (holder.isEmpty()) {
            return MISSING_IN_CLERK;
        }
        return ledgerClerkId.filter(holder.get().id()::equals).isPresent()
                ? CONFIRMED
                : CLERK_ID_DIFFERS;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
