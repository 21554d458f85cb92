package dev.trickle.core.importer;

import dev.trickle.core.legacy.LegacyIdentity;
import java.util.Optional;

/** A row after validation: a user to migrate, or the reason it is rejected. */
public sealed interface MappedRow {
    long row();

    /**
     * @param declaredHasher the {@code password_hasher} the source named for the digest, if any
     */
    record Accepted(long row, LegacyIdentity identity, Optional<String> declaredHasher)
            implements MappedRow {}

    record Rejected(long row, Optional<String> legacyId, RowProblem problem) implements MappedRow {}
}
