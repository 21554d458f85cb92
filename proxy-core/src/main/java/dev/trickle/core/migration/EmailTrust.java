package dev.trickle.core.migration;

import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.legacy.LegacyIdentity;
import java.util.Optional;

/**
 * Whether an email address may be trusted as its owner's, on either side. Clerk treats a verified
 * address as proof of ownership (an OAuth sign-in with the same verified address joins the
 * account), so an address becomes verified in Clerk, or decides which Clerk user a legacy user is,
 * only when someone actually verified it:
 *
 * <ul>
 *   <li>a new user's address is created {@code verified} only when the legacy system says it was
 *       verified; unknown is {@code reserved} unless the operator declared that the legacy app
 *       verifies every address ({@code migration.legacyEmailsVerified});
 *   <li>a legacy user is linked to the Clerk user holding its address only when both sides hold it
 *       verified: otherwise whoever controls the unverified side could take over the other's
 *       account (a pre-account hijack).
 * </ul>
 */
final class EmailTrust {
    /** The Clerk holder of the address already carries another legacy id. */
    static final String TAKEN_BY_OTHER_EXTERNAL_ID = "email_taken_by_other_external_id";

    /** The legacy system does not vouch for the address (unverified, or unknown and undeclared). */
    static final String UNVERIFIED_IN_LEGACY = "email_unverified_in_legacy";

    /** The Clerk holder has the address, but not verified. */
    static final String UNVERIFIED_IN_CLERK = "email_unverified_in_clerk";

    private final boolean legacyVerifiesAddresses;

    /**
     * @param legacyVerifiesAddresses the operator's word that the legacy app verified every address
     *     it holds: what an address whose verification the source does not state counts as
     */
    EmailTrust(boolean legacyVerifiesAddresses) {
        this.legacyVerifiesAddresses = legacyVerifiesAddresses;
    }

    /** An explicit flag from the source wins; unknown is what the operator declared. */
    boolean verifiedInLegacy(LegacyIdentity identity) {
        return identity.emailVerified().orElse(legacyVerifiesAddresses);
    }

    /** How the legacy address is created in Clerk. */
    IdentificationStatus statusInClerk(LegacyIdentity identity) {
        return verifiedInLegacy(identity)
                ? IdentificationStatus.VERIFIED
                : IdentificationStatus.RESERVED;
    }

    /**
     * Why {@code identity} may not be linked to {@code holder}, the Clerk user found holding its
     * email; empty when linking is safe.
     */
    Optional<String> linkRefusal(LegacyIdentity identity, ClerkUser holder) {
        if (holder.externalId() != null) {
            return Optional.of(TAKEN_BY_OTHER_EXTERNAL_ID);
        }
        if (!verifiedInLegacy(identity)) {
            return Optional.of(UNVERIFIED_IN_LEGACY);
        }
        String email = identity.email().orElseThrow();
        boolean verifiedInClerk =
                holder.emailAddresses().stream()
                        .filter(a -> email.equalsIgnoreCase(a.emailAddress()))
                        .anyMatch(ClerkEmailAddress::verified);
        return verifiedInClerk ? Optional.empty() : Optional.of(UNVERIFIED_IN_CLERK);
    }
}
