package dev.trickle.server.config;

import java.util.Optional;

/**
 * The {@code reconcile} section: what {@code trickle reconcile} reads beyond serve's settings.
 *
 * @param legacyUsersQuery SQL streaming every legacy user the migration should reach, returning
 *     {@code id} and optionally {@code email} (e.g. {@code SELECT id, email FROM auth_user WHERE
 *     is_active}); without it reconcile compares only counts with the legacy table
 */
public record ReconcileConfig(Optional<String> legacyUsersQuery) {

    static ReconcileConfig read(ConfigNode node) {
        ReconcileConfig config = new ReconcileConfig(node.optionalString("legacyUsersQuery"));
        node.rejectUnknownKeys();
        return config;
    }
}
