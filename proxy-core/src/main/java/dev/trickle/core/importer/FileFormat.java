package dev.trickle.core.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats {@code trickle import} reads, each a reader plus a translation. */
public enum FileFormat {
    /** Trickle's generic schema, a JSON array (or {@code {"users": [...]}}). */
    JSON,
    /** Trickle's generic schema, one JSON object per line. */
    JSONL,
    /** Trickle's generic schema, CSV with a header. */
    CSV,
    /** The Clerk Dashboard's user export. */
    CLERK_CSV,
    /** Auth0's bulk user export (NDJSON), or its password-hash export. */
    AUTH0,
    /** Firebase's {@code auth:export} JSON. */
    FIREBASE;

    public RowReader open(Path file) throws IOException {
        return switch (this) {
            case JSON, FIREBASE -> JsonArrayReader.open(file);
            case JSONL, AUTH0 -> JsonLinesReader.open(file);
            case CSV, CLERK_CSV -> CsvRowReader.open(file);
        };
    }

    public RowTranslator translator(Optional<FirebaseHashConfig> firebase) {
        return switch (this) {
            case JSON, JSONL, CSV -> RowTranslator.generic();
            case CLERK_CSV -> new ClerkExportTranslator();
            case AUTH0 -> new Auth0Translator();
            case FIREBASE -> new FirebaseTranslator(firebase);
        };
    }

    /** {@code clerk-csv} for {@link #CLERK_CSV}: the name used on the command line. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<FileFormat> ofFlag(String flag) {
        for (FileFormat f : values()) {
            if (f.flag().equals(flag.toLowerCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The generic format a file's extension names, if it names one. */
    public static Optional<FileFormat> ofExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }
}
