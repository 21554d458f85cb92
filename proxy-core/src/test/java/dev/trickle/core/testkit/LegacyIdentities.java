package dev.trickle.core.testkit;

import dev.trickle.core.legacy.LegacyIdentity;
import java.time.Instant;
import java.util.Optional;

/** Builds {@link LegacyIdentity} values: only what a test sets is present. */
public final class LegacyIdentities {
    private final String legacyId;
    private String email;
    private Boolean emailVerified;
    private String username;
    private String firstName;
    private String lastName;
    private Instant createdAt;
    private String passwordDigest;

    private LegacyIdentities(String legacyId) {
        this.legacyId = legacyId;
    }

    public static LegacyIdentities user(String legacyId) {
        return new LegacyIdentities(legacyId);
    }

    public LegacyIdentities email(String value) {
        email = value;
        return this;
    }

    /** The legacy system states the address verified (or not); unset means it does not say. */
    public LegacyIdentities emailVerified(boolean value) {
        emailVerified = value;
        return this;
    }

    public LegacyIdentities username(String value) {
        username = value;
        return this;
    }

    public LegacyIdentities names(String first, String last) {
        firstName = first;
        lastName = last;
        return this;
    }

    public LegacyIdentities createdAt(Instant value) {
        createdAt = value;
        return this;
    }

    public LegacyIdentities passwordDigest(String value) {
        passwordDigest = value;
        return this;
    }

    public LegacyIdentity build() {
        return new LegacyIdentity(
                legacyId,
                Optional.ofNullable(email),
                Optional.ofNullable(emailVerified),
                Optional.ofNullable(username),
                Optional.ofNullable(firstName),
                Optional.ofNullable(lastName),
                Optional.ofNullable(createdAt),
                Optional.ofNullable(passwordDigest),
                Optional.empty());
    }
}
