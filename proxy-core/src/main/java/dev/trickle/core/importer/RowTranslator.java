package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one source format's fields into Trickle's generic schema and validates the result with
 * {@link CanonicalRow}, so every format is held to the same rules.
 */
public interface RowTranslator {

    MappedRow map(long row, ObjectNode fields);

    /** Trickle's own schema (JSON, JSON Lines, CSV, the legacy database, a source Clerk). */
    static RowTranslator generic() {
        return CanonicalRow::validate;
    }
}
