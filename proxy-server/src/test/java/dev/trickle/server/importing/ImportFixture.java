package dev.trickle.server.importing;

import dev.trickle.core.importer.FileFormat;
import dev.trickle.core.importer.ImportReport;
import dev.trickle.core.importer.ImportSettings;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ImportConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A {@code trickle.yml} for imports into one emulator, and in-process runs of it. */
final class ImportFixture {
    /** A production-looking key: the client then paces at 100 requests/s, batches linger 1 s. */
    static final String KEY = "sk_live_importTests";

    private final Path dir;
    private final URI clerk;
    private final String extraYaml;

    ImportFixture(Path dir, URI clerk, String extraYaml) {
        this.dir = dir;
        this.clerk = clerk;
        this.extraYaml = extraYaml;
    }

    String ledgerUrl() {
        return "jdbc:sqlite:" + dir.resolve("ledger.db");
    }

    Path ledgerFile() {
        return dir.resolve("ledger.db");
    }

    Path errorsFile() {
        return dir.resolve("errors.jsonl");
    }

    Path writeConfig() throws IOException {
        Path file = dir.resolve("trickle.yml");
        Files.writeString(
                file,
                "upstream:\n  url: http://127.0.0.1:1\n"
                        + "clerk:\n  apiUrl: "
                        + clerk
                        + "\n  secretKey: "
                        + KEY
                        + "\nledger:\n  url: "
                        + ledgerUrl()
                        + "\n"
                        + extraYaml);
        return file;
    }

    ImportConfig config(Function<String, String> env) throws IOException {
        return ConfigLoader.withEnvironment(env).loadImport(writeConfig());
    }

    ImportConfig config() throws IOException {
        return config(name -> null);
    }

    static ImportSettings settings(PasswordFallback fallback, boolean dryRun) {
        return new ImportSettings(
                64, fallback, Duration.ofSeconds(10), Duration.ofSeconds(20), dryRun);
    }

    /** Runs one import in this JVM and returns its JSON report. */
    Map<String, Object> run(ImportConfig config, ImportSource source, ImportSettings settings)
            throws IOException, InterruptedException {
        ImportRun run = new ImportRun(config, source, settings, config.section().firebase());
        run.run(errorsFile());
        ImportReport report =
                new ImportReport(
                        run.tally(), settings.dryRun(), source.describe(), run.clerkRequests());
        @SuppressWarnings("unchecked")
        Map<String, Object> json =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .convertValue(report.toJson(), Map.class);
        return json;
    }

    static ImportSource file(Path path, FileFormat format) {
        return ImportSource.parse(path.toString(), Optional.of(format));
    }
}
