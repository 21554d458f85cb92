package dev.trickle.core.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Clerk source's addresses keep the verification they had there, and an export that does not say
 * leaves it unknown (for the migration policy to decide), never verified.
 */
final class ClerkSourceVerificationTest {

    private static ClerkUser withPrimary(ClerkEmailAddress address) {
        return new ClerkUser(
                "user_1",
                null,
                null,
                null,
                null,
                address.id(),
                List.of(address),
                false,
                Map.of(),
                Map.of(),
                false,
                false,
                0,
                0,
                null);
    }

    @Test
    void anAddressNeitherReservedNorVerifiedInTheSourceInstanceIsUnverified() {
        ObjectNode row =
                ClerkApiRowReader.canonical(
                        withPrimary(
                                new ClerkEmailAddress(
                                        "idn_1",
                                        "ada@example.com",
                                        false,
                                        new ClerkEmailAddress.Verification("unverified"))));

        assertThat(row.get("email_verified").asBoolean()).isFalse();
    }

    @Test
    void aVerifiedAddressInTheSourceInstanceStaysVerified() {
        ObjectNode row =
                ClerkApiRowReader.canonical(
                        withPrimary(
                                new ClerkEmailAddress(
                                        "idn_1",
                                        "ada@example.com",
                                        false,
                                        new ClerkEmailAddress.Verification("verified"))));

        assertThat(row.get("email_verified").asBoolean()).isTrue();
    }

    @Test
    void aDashboardExportWithoutVerificationListsLeavesTheAddressUnknown() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", "user_1");
        fields.put("primary_email_address", "ada@example.com");

        MappedRow mapped = new ClerkExportTranslator().map(1, fields);

        assertThat(((MappedRow.Accepted) mapped).identity().emailVerified())
                .isEqualTo(Optional.empty());
    }

    @Test
    void aDashboardExportListingTheAddressUnverifiedSaysSo() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", "user_1");
        fields.put("primary_email_address", "ada@example.com");
        fields.put("unverified_email_addresses", "ada@example.com");

        MappedRow mapped = new ClerkExportTranslator().map(1, fields);

        assertThat(((MappedRow.Accepted) mapped).identity().emailVerified()).hasValue(false);
    }
}
