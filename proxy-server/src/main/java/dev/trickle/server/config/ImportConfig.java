package dev.trickle.server.config;

/**
 * What {@code trickle import} reads from {@code serve}'s file: Clerk, the ledger, the migration
 * policy and the legacy database exactly as {@code serve} reads them, plus the {@code import:}
 * section. Keys of other sections are {@code serve}'s to check.
 */
public record ImportConfig(MigrationConfig migration, ImportSection section) {

    static ImportConfig read(ConfigNode root) {
        return new ImportConfig(
                MigrationConfig.readAll(root, true), ImportSection.read(root.section("import")));
    }
}
