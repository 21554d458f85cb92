package dev.trickle.core.ledger;

import java.util.Locale;

/** What moved the user: a login through the proxy, or a bulk import. */
public enum MigrationSource {
    LOGIN,
    IMPORT;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MigrationSource fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
