package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One user as a reader found it, before any validation: its fields by name, or why the reader could
 * not make fields of it (a malformed JSON line, a CSV record with the wrong number of cells).
 */
public sealed interface RawRow {

    /** 1-based position of the user in the input. */
    long row();

    record Fields(long row, ObjectNode fields) implements RawRow {}

    record Unreadable(long row, String reason) implements RawRow {}
}
