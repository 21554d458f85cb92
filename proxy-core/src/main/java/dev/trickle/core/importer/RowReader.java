package dev.trickle.core.importer;

import java.io.IOException;
import java.util.Optional;

/**
 * Pulls users from a source one at a time, so the importer reads only as fast as it can migrate:
 * nothing is read ahead beyond what one page or fetch holds.
 */
public interface RowReader extends AutoCloseable {

    /** The next user, or empty at the end of the input. */
    Optional<RawRow> next() throws IOException;

    @Override
    void close() throws IOException;
}
