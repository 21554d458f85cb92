package dev.trickle.core.importer;

import java.util.Locale;

/** What became of one row; {@link #key()} names its count in the report. */
public enum ImportResult {
    CREATED("created"),
    LINKED("linked"),
    ALREADY_PRESENT("already_present"),
    SKIPPED("skipped"),
    CONFLICT("conflicts"),
    FAILED("failed"),
    DEFERRED("deferred"),
    INVALID("invalid"),
    WOULD_CREATE("would_create"),
    WOULD_LINK("would_link"),
    WOULD_CONFLICT("would_conflict"),
    UNASSESSED("unassessed");

    private final String key;

    ImportResult(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
