package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Clerk user as returned by the Backend API ({@code User}), reduced to what Trickle reads.
 * Timestamps are Unix milliseconds, as Clerk sends them; unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkUser(
        String id,
        String externalId,
        String username,
        String firstName,
        String lastName,
        String primaryEmailAddressId,
        List<ClerkEmailAddress> emailAddresses,
        boolean passwordEnabled,
        Map<String, Object> publicMetadata,
        Map<String, Object> privateMetadata,
        boolean banned,
        boolean locked,
        long createdAt,
        long updatedAt,
        Long lastSignInAt) {

    public ClerkUser {
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
        publicMetadata = publicMetadata == null ? Map.of() : publicMetadata;
        privateMetadata = privateMetadata == null ? Map.of() : privateMetadata;
    }

    /** The primary email address, if the user has one. */
    public Optional<String> primaryEmailAddress() {
        return emailAddresses.stream()
                .filter(e -> e.id() != null && e.id().equals(primaryEmailAddressId))
                .map(ClerkEmailAddress::emailAddress)
                .findFirst();
    }
}
