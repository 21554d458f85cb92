package dev.trickle.server.importing;

import dev.trickle.core.importer.FileFormat;
import java.nio.file.Path;
import java.util.Optional;

/** Where the users come from: the legacy database, a source Clerk instance, or a file. */
public sealed interface ImportSource {

    String describe();

    record Database() implements ImportSource {
        @Override
        public String describe() {
            return "the legacy database";
        }
    }

    record ClerkApi() implements ImportSource {
        @Override
        public String describe() {
            return "the source Clerk instance";
        }
    }

    record File(Path path, FileFormat format) implements ImportSource {
        @Override
        public String describe() {
            return path + " (" + format.flag() + ")";
        }
    }

    /**
     * {@code database}, {@code clerk-api}, or a file path with its format (given or by extension).
     */
    static ImportSource parse(String source, Optional<FileFormat> format) {
        if (source.equals("database")) {
            return new Database();
        }
        if (source.equals("clerk-api")) {
            return new ClerkApi();
        }
        Path path = Path.of(source);
        FileFormat f =
                format.or(() -> FileFormat.ofExtension(path))
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "--format is needed for "
                                                        + source
                                                        + " (json, jsonl, csv, clerk-csv, auth0, firebase)"));
        return new File(path, f);
    }
}
