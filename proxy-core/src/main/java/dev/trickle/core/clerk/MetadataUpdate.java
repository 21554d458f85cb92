package dev.trickle.core.clerk;

import java.util.Map;

/**
 * Body of {@code PATCH /users/{id}/metadata}: deep-merged into the user's metadata, a {@code null}
 * value deletes a key. Since API version 2026-05-12 this is the only way to change metadata after
 * creation.
 */
public record MetadataUpdate(
        Map<String, Object> publicMetadata, Map<String, Object> privateMetadata) {}
