package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One of a user's email addresses ({@code EmailAddress}; fields the migration needs). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkEmailAddress(String id, String emailAddress, boolean reserved) {}
