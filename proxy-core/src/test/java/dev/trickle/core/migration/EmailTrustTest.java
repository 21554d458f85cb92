package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.legacy.LegacyIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class EmailTrustTest {
    private static final EmailTrust UNDECLARED = new EmailTrust(false);
    private static final EmailTrust DECLARED = new EmailTrust(true);

    private static LegacyIdentity legacy(Optional<Boolean> verified) {
        return new LegacyIdentity(
                "7",
                Optional.of("Ada@Example.com"),
                verified,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static ClerkUser holder(String externalId, ClerkEmailAddress... addresses) {
        return new ClerkUser(
                "user_1",
                externalId,
                null,
                null,
                null,
                addresses.length == 0 ? null : addresses[0].id(),
                List.of(addresses),
                false,
                Map.of(),
                Map.of(),
                false,
                false,
                0,
                0,
                null);
    }

    private static ClerkEmailAddress address(String email, String status) {
        return new ClerkEmailAddress(
                "idn_" + email.hashCode(),
                email,
                false,
                status == null ? null : new ClerkEmailAddress.Verification(status));
    }

    @Test
    void unknownVerificationIsReservedUnlessTheOperatorDeclaredTheLegacyAppVerifies() {
        assertThat(UNDECLARED.statusInClerk(legacy(Optional.empty())))
                .isEqualTo(IdentificationStatus.RESERVED);
        assertThat(DECLARED.statusInClerk(legacy(Optional.empty())))
                .isEqualTo(IdentificationStatus.VERIFIED);
        assertThat(DECLARED.statusInClerk(legacy(Optional.of(false))))
                .isEqualTo(IdentificationStatus.RESERVED);
        assertThat(UNDECLARED.statusInClerk(legacy(Optional.of(true))))
                .isEqualTo(IdentificationStatus.VERIFIED);
    }

    @Test
    void linksOnlyWhenBothSidesHoldTheAddressVerified() {
        ClerkUser verified = holder(null, address("ada@example.com", "verified"));

        assertThat(UNDECLARED.linkRefusal(legacy(Optional.of(true)), verified)).isEmpty();
        assertThat(UNDECLARED.linkRefusal(legacy(Optional.of(false)), verified))
                .hasValue("email_unverified_in_legacy");
        assertThat(UNDECLARED.linkRefusal(legacy(Optional.empty()), verified))
                .hasValue("email_unverified_in_legacy");
        assertThat(DECLARED.linkRefusal(legacy(Optional.empty()), verified)).isEmpty();
    }

    @Test
    void theHoldersMatchingAddressMustBeVerifiedNotJustAnyOfItsAddresses() {
        ClerkUser otherVerified =
                holder(
                        null,
                        address("other@example.com", "verified"),
                        address("ada@example.com", "unverified"));
        ClerkUser noVerification = holder(null, address("ada@example.com", null));

        assertThat(UNDECLARED.linkRefusal(legacy(Optional.of(true)), otherVerified))
                .hasValue("email_unverified_in_clerk");
        assertThat(UNDECLARED.linkRefusal(legacy(Optional.of(true)), noVerification))
                .hasValue("email_unverified_in_clerk");
    }

    @Test
    void aHolderWithAnotherLegacyIdIsNeverLinked() {
        ClerkUser taken = holder("99", address("ada@example.com", "verified"));

        assertThat(DECLARED.linkRefusal(legacy(Optional.of(true)), taken))
                .hasValue("email_taken_by_other_external_id");
    }
}
