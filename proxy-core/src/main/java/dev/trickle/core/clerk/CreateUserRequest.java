package dev.trickle.core.clerk;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /users}: the fields a migration sets. Absent ({@code null}) fields are not
 * sent. {@link #toString()} never shows the password or digest.
 *
 * <p>Build with {@link #builder()}; {@code createdAt} is sent as RFC 3339 ({@code
 * 2012-10-20T07:15:20.902Z}).
 */
public record CreateUserRequest(
        String externalId,
        List<String> emailAddress,
        List<IdentificationStatus> emailAddressIdentificationStatus,
        String username,
        String firstName,
        String lastName,
        String password,
        Boolean skipPasswordChecks,
        String passwordDigest,
        ClerkPasswordHasher passwordHasher,
        Boolean skipPasswordRequirement,
        Map<String, Object> publicMetadata,
        Map<String, Object> privateMetadata,
        @JsonSerialize(using = ToStringSerializer.class) Instant createdAt) {

    public CreateUserRequest {
        emailAddress = emailAddress == null ? null : List.copyOf(emailAddress);
        emailAddressIdentificationStatus =
                emailAddressIdentificationStatus == null
                        ? null
                        : List.copyOf(emailAddressIdentificationStatus);
        if (emailAddressIdentificationStatus != null
                && (emailAddress == null
                        || emailAddress.size() != emailAddressIdentificationStatus.size())) {
            throw new IllegalArgumentException(
                    "emailAddressIdentificationStatus: one status per email address expected");
        }
        if ((passwordDigest == null) != (passwordHasher == null)) {
            throw new IllegalArgumentException("passwordDigest and passwordHasher go together");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "CreateUserRequest[externalId="
                + externalId
                + ", emails="
                + (emailAddress == null ? 0 : emailAddress.size())
                + ", username="
                + username
                + ", password="
                + (password == null ? "absent" : "<masked>")
                + ", passwordDigest="
                + (passwordDigest == null ? "absent" : "<masked>")
                + ", passwordHasher="
                + passwordHasher
                + ", createdAt="
                + createdAt
                + "]";
    }

    /** Collects the optional fields of a create-user request. */
    public static final class Builder {
        private String externalId;
        private List<String> emailAddress;
        private List<IdentificationStatus> emailAddressIdentificationStatus;
        private String username;
        private String firstName;
        private String lastName;
        private String password;
        private Boolean skipPasswordChecks;
        private String passwordDigest;
        private ClerkPasswordHasher passwordHasher;
        private Boolean skipPasswordRequirement;
        private Map<String, Object> publicMetadata;
        private Map<String, Object> privateMetadata;
        private Instant createdAt;

        private Builder() {}

        public Builder externalId(String value) {
            externalId = value;
            return this;
        }

        /** Email addresses, the first becomes primary; all created verified. */
        public Builder emailAddresses(List<String> values) {
            emailAddress = values;
            emailAddressIdentificationStatus = null;
            return this;
        }

        /** One email address, created with {@code status}. */
        public Builder emailAddress(String value, IdentificationStatus status) {
            emailAddress = List.of(value);
            emailAddressIdentificationStatus = List.of(status);
            return this;
        }

        /** Email addresses with one status each, parallel lists. */
        public Builder emailAddresses(List<String> values, List<IdentificationStatus> statuses) {
            emailAddress = values;
            emailAddressIdentificationStatus = statuses;
            return this;
        }

        public Builder username(String value) {
            username = value;
            return this;
        }

        public Builder firstName(String value) {
            firstName = value;
            return this;
        }

        public Builder lastName(String value) {
            lastName = value;
            return this;
        }

        /**
         * A plaintext password for Clerk to hash; with {@code skipChecks} Clerk's length and breach
         * checks are skipped (a legacy password must not block the migration).
         */
        public Builder password(String value, boolean skipChecks) {
            password = value;
            skipPasswordChecks = skipChecks ? Boolean.TRUE : null;
            return this;
        }

        /** The legacy digest, kept by Clerk and verified at sign-in. */
        public Builder passwordDigest(String digest, ClerkPasswordHasher hasher) {
            passwordDigest = digest;
            passwordHasher = hasher;
            return this;
        }

        /** Creates the user without a password (another sign-in method must exist). */
        public Builder skipPasswordRequirement() {
            skipPasswordRequirement = Boolean.TRUE;
            return this;
        }

        public Builder publicMetadata(Map<String, Object> value) {
            publicMetadata = value;
            return this;
        }

        public Builder privateMetadata(Map<String, Object> value) {
            privateMetadata = value;
            return this;
        }

        /** The original sign-up time. */
        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public CreateUserRequest build() {
            return new CreateUserRequest(
                    externalId,
                    emailAddress,
                    emailAddressIdentificationStatus,
                    username,
                    firstName,
                    lastName,
                    password,
                    skipPasswordChecks,
                    passwordDigest,
                    passwordHasher,
                    skipPasswordRequirement,
                    publicMetadata,
                    privateMetadata,
                    createdAt);
        }
    }
}
