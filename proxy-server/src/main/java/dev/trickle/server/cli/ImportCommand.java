package dev.trickle.server.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trickle.core.config.Secret;
import dev.trickle.core.importer.FileFormat;
import dev.trickle.core.importer.FirebaseHashConfig;
import dev.trickle.core.importer.ImportReport;
import dev.trickle.core.importer.ImportSettings;
import dev.trickle.core.importer.PasswordFallback;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ImportConfig;
import dev.trickle.server.importing.ImportRun;
import dev.trickle.server.importing.ImportSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trickle import}: bulk-imports the users the trickle migration has not reached. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Import users into Clerk from the legacy database, a file or another Clerk"
                        + " instance; resumable, exactly once per user (see docs/import.md).")
final class ImportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "serve's YAML configuration (clerk, ledger, migration, import).")
    Path config;

    @Option(
            names = "--source",
            required = true,
            paramLabel = "SOURCE",
            description = "database, clerk-api, or a file path.")
    String source;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description =
                    "File format: json, jsonl, csv (Trickle's schema), clerk-csv, auth0, firebase."
                            + " Default: by extension (.json, .jsonl/.ndjson, .csv).")
    String format;

    @Option(names = "--dry-run", description = "Validate and report only; write nothing.")
    boolean dryRun;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the report as JSON.")
    Path report;

    @Option(
            names = "--errors",
            paramLabel = "FILE",
            defaultValue = "trickle-import-errors.jsonl",
            description = "Rejected rows, as JSON Lines (default: ${DEFAULT-VALUE}).")
    Path errors;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Users in flight (default: import.concurrency, 256).")
    Integer concurrency;

    @Option(
            names = "--password-fallback",
            paramLabel = "create|leave",
            description =
                    "Users whose password cannot be imported: create them without one, or leave"
                            + " them to the login migration (default: import.passwordFallback,"
                            + " leave).")
    String passwordFallback;

    @Option(
            names = "--firebase-rounds",
            paramLabel = "N",
            description = "Firebase hash rounds (overrides import.firebase.rounds).")
    Integer firebaseRounds;

    @Option(
            names = "--firebase-mem-cost",
            paramLabel = "N",
            description = "Firebase hash mem_cost (overrides import.firebase.memCost).")
    Integer firebaseMemCost;

    @Option(
            names = "--firebase-salt-separator",
            paramLabel = "BASE64",
            description = "Firebase base64_salt_separator (overrides import.firebase).")
    String firebaseSaltSeparator;

    @Option(
            names = "--firebase-signer-key-env",
            paramLabel = "NAME",
            description =
                    "Environment variable holding the Firebase base64_signer_key (a secret: never"
                            + " on the command line).")
    String firebaseSignerKeyEnv;

    @Option(
            names = "--progress",
            paramLabel = "auto|tty|plain",
            defaultValue = "auto",
            description = "Progress display (default: tty on a terminal, else plain lines).")
    String progress;

    @Override
    public Integer call() throws Exception {
        Optional<ImportConfig> loaded =
                ConfigErrors.load(spec.commandLine().getErr(), config, ConfigLoader::loadImport);
        if (loaded.isEmpty()) {
            return ExitCodes.CONFIG;
        }
        ImportConfig importConfig = loaded.get();
        ImportSource importSource;
        ImportSettings settings;
        Optional<FirebaseHashConfig> firebase;
        try {
            importSource = ImportSource.parse(source, fileFormat());
            settings = settings(importConfig.section().settings());
            firebase = firebase(importConfig.section().firebase());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("trickle: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ImportRun run = new ImportRun(importConfig, importSource, settings, firebase);
        PrintStream err = System.err;
        ch.qos.logback.classic.Logger migrationLogs =
                (ch.qos.logback.classic.Logger)
                        LoggerFactory.getLogger("dev.trickle.core.migration");
        Level before = migrationLogs.getLevel();
        // One INFO line per user would bury the progress line; warnings still show.
        migrationLogs.setLevel(Level.WARN);
        ImportProgress shown = ImportProgress.start(run.tally(), err, terminal());
        try {
            run.run(errors);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("trickle: " + e.getMessage());
            return ExitCodes.CONFIG;
        } finally {
            shown.close();
            migrationLogs.setLevel(before);
        }
        ImportReport result =
                new ImportReport(run.tally(), dryRun, importSource.describe(), run.clerkRequests());
        spec.commandLine().getOut().print(result.toText());
        spec.commandLine().getOut().println("errors file: " + errors);
        spec.commandLine().getOut().flush();
        if (report != null) {
            JSON.writeValue(report.toFile(), result.toJson());
        }
        return result.clean() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }

    private Optional<FileFormat> fileFormat() {
        if (format == null) {
            return Optional.empty();
        }
        return Optional.of(
                FileFormat.ofFlag(format)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "--format "
                                                        + format
                                                        + " (expected: json, jsonl, csv,"
                                                        + " clerk-csv, auth0, firebase)")));
    }

    private ImportSettings settings(ImportSettings configured) {
        PasswordFallback fallback = configured.passwordFallback();
        if (passwordFallback != null) {
            try {
                fallback =
                        PasswordFallback.valueOf(
                                passwordFallback.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--password-fallback " + passwordFallback + " (expected: create or leave)");
            }
        }
        if (concurrency != null && concurrency < 1) {
            throw new IllegalArgumentException(
                    "--concurrency " + concurrency + " (expected: >= 1)");
        }
        return new ImportSettings(
                concurrency != null ? concurrency : configured.concurrency(),
                fallback,
                configured.userDeadline(),
                configured.retryFor(),
                dryRun);
    }

    private Optional<FirebaseHashConfig> firebase(Optional<FirebaseHashConfig> configured) {
        Optional<Secret> key = configured.map(FirebaseHashConfig::signerKey);
        if (firebaseSignerKeyEnv != null) {
            String value = System.getenv(firebaseSignerKeyEnv);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(
                        "--firebase-signer-key-env " + firebaseSignerKeyEnv + ": not set");
            }
            key = Optional.of(Secret.of(value));
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new FirebaseHashConfig(
                        key.get(),
                        firebaseSaltSeparator != null
                                ? firebaseSaltSeparator
                                : configured.map(FirebaseHashConfig::saltSeparator).orElse(""),
                        firebaseRounds != null
                                ? firebaseRounds
                                : configured.map(FirebaseHashConfig::rounds).orElse(8),
                        firebaseMemCost != null
                                ? firebaseMemCost
                                : configured.map(FirebaseHashConfig::memCost).orElse(14)));
    }

    private boolean terminal() {
        return switch (progress) {
            case "tty" -> true;
            case "plain" -> false;
            default -> System.console() != null;
        };
    }
}
