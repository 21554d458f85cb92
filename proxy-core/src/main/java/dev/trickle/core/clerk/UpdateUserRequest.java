package dev.trickle.core.clerk;

/**
 * Body of {@code PATCH /users/{id}}: the fields a migration changes (link a user by setting its
 * {@code external_id}, set a password or digest, names). Absent ({@code null}) fields are not sent
 * and stay unchanged. {@link #toString()} never shows the password or digest.
 */
public record UpdateUserRequest(
        String externalId,
        String username,
        String firstName,
        String lastName,
        String password,
        Boolean skipPasswordChecks,
        String passwordDigest,
        ClerkPasswordHasher passwordHasher) {

    public UpdateUserRequest {
        if ((passwordDigest == null) != (passwordHasher == null)) {
            throw new IllegalArgumentException("passwordDigest and passwordHasher go together");
        }
        if (skipPasswordChecks != null && password == null) {
            throw new IllegalArgumentException("skipPasswordChecks needs a password");
        }
    }

    /** Only sets {@code external_id}: links an existing Clerk user to a legacy id. */
    public static UpdateUserRequest externalId(String externalId) {
        return new UpdateUserRequest(externalId, null, null, null, null, null, null, null);
    }

    /** Only sets the names. */
    public static UpdateUserRequest names(String firstName, String lastName) {
        return new UpdateUserRequest(null, null, firstName, lastName, null, null, null, null);
    }

    /** The profile fields a legacy app may change: username and names (null: unchanged). */
    public static UpdateUserRequest profile(String username, String firstName, String lastName) {
        return new UpdateUserRequest(null, username, firstName, lastName, null, null, null, null);
    }

    /** Only sets a plaintext password, optionally skipping the password policy. */
    public static UpdateUserRequest password(String password, boolean skipChecks) {
        return new UpdateUserRequest(
                null, null, null, null, password, skipChecks ? Boolean.TRUE : null, null, null);
    }

    /** Only sets a legacy digest. */
    public static UpdateUserRequest passwordDigest(String digest, ClerkPasswordHasher hasher) {
        return new UpdateUserRequest(null, null, null, null, null, null, digest, hasher);
    }

    @Override
    public String toString() {
        return "UpdateUserRequest[externalId="
                + externalId
                + ", username="
                + (username != null ? "set" : "absent")
                + ", names="
                + (firstName != null || lastName != null ? "set" : "absent")
                + ", password="
                + (password == null ? "absent" : "<masked>")
                + ", passwordDigest="
                + (passwordDigest == null ? "absent" : "<masked>")
                + ", passwordHasher="
                + passwordHasher
                + "]";
    }
}
