package dev.trickle.core.ledger;

import java.util.Locale;

/** What put a user in the ledger; a bounded set so it can tag metrics. */
public enum MigrationSource {
    LOGIN,
    IMPORT,
    ADMIN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MigrationSource ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
