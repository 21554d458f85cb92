package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One of a user's email addresses ({@code EmailAddress}; fields the migration needs).
 *
 * @param verification null when Clerk sends none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkEmailAddress(
        String id, String emailAddress, boolean reserved, Verification verification) {

    /** The address's verification; only its status matters here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Verification(String status) {}

    /** Whether the address was verified (Clerk's status {@code verified}). */
    public boolean verified() {
        return verification != null && "verified".equals(verification.status());
    }
}
