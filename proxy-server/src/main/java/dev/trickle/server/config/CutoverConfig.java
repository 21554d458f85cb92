package dev.trickle.server.config;

import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import java.util.Optional;

/**
 * What the cutover commands ({@code export-mapping}, {@code rollback}, {@code reconcile}) take from
 * serve's file: the same Clerk instance, ledger and legacy database, with the Clerk key required
 * even when no login route is configured any more. Built only by {@link ConfigLoader}.
 */
public record CutoverConfig(
        ClerkSettings clerk,
        LedgerSettings ledger,
        Optional<LegacyDatabaseSettings> legacyDatabase,
        ReconcileConfig reconcile) {

    /**
     * {@code root} is a fresh view of a file {@code proxy} was already read from without problems.
     */
    static CutoverConfig read(ProxyConfig proxy, ConfigNode root) {
        CutoverConfig config =
                proxy.migration()
                        .map(
                                m ->
                                        new CutoverConfig(
                                                m.clerk(),
                                                m.ledger(),
                                                m.legacyDatabase(),
                                                proxy.reconcile()))
                        .orElseGet(
                                () ->
                                        new CutoverConfig(
                                                MigrationConfig.clerk(
                                                        root.section("clerk"),
                                                        true,
                                                        "${CLERK_SECRET_KEY}"),
                                                MigrationConfig.ledger(root.section("ledger")),
                                                MigrationConfig.legacyDatabase(
                                                        root.section("legacyDatabase")),
                                                proxy.reconcile()));
        if (config.reconcile().legacyUsersQuery().isPresent()
                && config.legacyDatabase().isEmpty()) {
            root.problems()
                    .add(
                            "reconcile.legacyUsersQuery",
                            "needs legacyDatabase (expected: its url, user and password)");
        }
        return config;
    }
}
