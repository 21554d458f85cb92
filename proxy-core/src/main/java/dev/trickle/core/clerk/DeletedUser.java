package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code DELETE /users/{id}} ({@code DeletedObject}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletedUser(String id, boolean deleted, String externalId) {}
