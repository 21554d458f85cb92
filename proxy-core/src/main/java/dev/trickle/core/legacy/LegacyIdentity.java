package dev.trickle.core.legacy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Who a legacy user is, as far as the old system tells. The password digest, present only when read
 * from the legacy database, never appears in {@link #toString()}.
 *
 * @param emailVerified empty when the legacy system does not say
 */
public record LegacyIdentity(
        String legacyId,
        Optional<String> email,
        Optional<Boolean> emailVerified,
        Optional<String> username,
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<Instant> createdAt,
        Optional<String> passwordDigest,
        Optional<String> passwordSalt) {

    public LegacyIdentity {
        requireNonNull(legacyId, "legacyId");
        if (legacyId.isBlank()) {
            throw new IllegalArgumentException("legacyId is blank");
        }
    }

    public static LegacyIdentity of(String legacyId) {
        return new LegacyIdentity(
                legacyId,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    @Override
    public String toString() {
        return "LegacyIdentity[legacyId="
                + legacyId
                + ", email="
                + email.orElse("-")
                + ", username="
                + username.orElse("-")
                + ", passwordDigest="
                + (passwordDigest.isPresent() ? "<masked>" : "-")
                + ", passwordSalt="
                + (passwordSalt.isPresent() ? "<masked>" : "-")
                + "]";
    }
}
