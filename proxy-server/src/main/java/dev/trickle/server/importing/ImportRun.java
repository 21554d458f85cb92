package dev.trickle.server.importing;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkMeters;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.importer.FirebaseHashConfig;
import dev.trickle.core.importer.ImportSettings;
import dev.trickle.core.importer.ImportTally;
import dev.trickle.core.importer.Importer;
import dev.trickle.core.importer.RowErrors;
import dev.trickle.core.importer.RowReader;
import dev.trickle.core.importer.RowReaders;
import dev.trickle.core.importer.RowTranslator;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.migration.MigrationMetrics;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.server.config.ImportConfig;
import dev.trickle.server.config.MigrationConfig;
import dev.trickle.server.runtime.TrickleResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One {@code trickle import}: opens {@link TrickleResources#forImport the import's resources} (the
 * Clerk client with the shared limiter, ledger, hash library), builds the migration service on them
 * as {@code serve} does, opens the source and runs the {@link Importer}. A dry run uses a scratch
 * ledger in a temporary directory and a service in shadow mode, so neither Clerk nor the configured
 * ledger is written.
 */
public final class ImportRun {
    private static final int BLOCKING_THREADS = 16;
    private static final Duration COUNT_BUDGET = Duration.ofSeconds(30);

    private final ImportConfig config;
    private final ImportSource source;
    private final ImportSettings settings;
    private final Optional<FirebaseHashConfig> firebase;
    private final ImportTally tally = new ImportTally();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    public ImportRun(
            ImportConfig config,
            ImportSource source,
            ImportSettings settings,
            Optional<FirebaseHashConfig> firebase) {
        this.config = config;
        this.source = source;
        this.settings = settings;
        this.firebase = firebase;
    }

    public ImportTally tally() {
        return tally;
    }

    /** Requests sent to the target instance by operation, and how many were answered 429. */
    public Map<String, Long> clerkRequests() {
        Map<String, Long> out = new TreeMap<>();
        for (Timer timer : registry.find(ClerkMeters.REQUESTS).timers()) {
            out.merge(timer.getId().getTag(ClerkMeters.TAG_OPERATION), timer.count(), Long::sum);
        }
        double limited =
                registry.find(ClerkMeters.RATE_LIMITED).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum();
        out.put("rate_limited", (long) limited);
        return out;
    }

    /**
     * Runs the import to its end, writing rejected rows to {@code errorsFile}.
     *
     * @throws IOException when the source cannot be read
     * @throws IllegalStateException when the configuration lacks what the source needs
     */
    public void run(Path errorsFile) throws IOException, InterruptedException {
        MigrationConfig shared = config.migration();
        Path scratch = settings.dryRun() ? Files.createTempDirectory("trickle-dry-run") : null;
        // At most two ledger tasks per user in flight: a queue of twice the concurrency never
        // sheds.
        TrickleResources.PoolSize pool =
                new TrickleResources.PoolSize(
                        "import",
                        BLOCKING_THREADS,
                        Math.max(shared.queueCapacity(), 2 * settings.concurrency()));
        try (TrickleResources resources =
                TrickleResources.forImport(
                        shared, ledgerSettings(shared.ledger(), scratch), pool, registry)) {
            Ledger ledger = resources.ledger();
            // Started before the source is counted, as serve starts it: bad limits fail at once.
            PasswordHashes hashes = resources.hashes();
            try (RowErrors errors = RowErrors.create(errorsFile);
                    RowReader reader = openSource(resources)) {
                MigrationPolicy configured = shared.policy();
                MigrationPolicy policy =
                        new MigrationPolicy(
                                configured.password(),
                                configured.conflict(),
                                settings.userDeadline(),
                                configured.lease(),
                                configured.retry(),
                                configured.onDeleted(),
                                // An import sees no later logins: nothing to sync.
                                false,
                                configured.legacyEmailsVerified());
                // Every user but the deny list: the import is the explicit "everyone else".
                Rollout rollout =
                        new Rollout(
                                settings.dryRun() ? MigrationMode.SHADOW : MigrationMode.MIGRATE,
                                100,
                                Set.of(),
                                shared.rollout().deny());
                MigrationService service =
                        new MigrationService(
                                config.section().batchLookups()
                                        ? resources.batchedClerk()
                                        : resources.clerk(),
                                ledger.rows(),
                                ledger.counters(),
                                hashes,
                                resources.migrationPool(),
                                policy,
                                shared.caches(),
                                () -> rollout,
                                "import-" + TrickleResources.processName(),
                                resources.clock(),
                                MigrationMetrics.discarding());
                try (Importer importer =
                        new Importer(
                                service,
                                ledger.rows(),
                                hashes,
                                configured.password(),
                                settings,
                                errors,
                                tally)) {
                    importer.run(reader, translator());
                }
            }
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private static LedgerSettings ledgerSettings(LedgerSettings configured, Path scratch) {
        if (scratch == null) {
            return configured;
        }
        return LedgerSettings.ofUrl("jdbc:sqlite:" + scratch.resolve("dry-run-ledger.db"));
    }

    private RowTranslator translator() {
        if (source instanceof ImportSource.File file) {
            return file.format().translator(firebase);
        }
        return RowTranslator.generic();
    }

    private RowReader openSource(TrickleResources resources) throws IOException {
        if (source instanceof ImportSource.File file) {
            tally.total(RowReaders.countRows(file.format(), file.path()));
            return file.format().open(file.path());
        }
        if (source instanceof ImportSource.Database) {
            LegacyDatabaseSettings database =
                    config.migration()
                            .legacyDatabase()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "--source database needs legacyDatabase in the"
                                                            + " configuration"));
            String query =
                    config.section()
                            .query()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "--source database needs import.query: every"
                                                            + " user, with legacyDatabase.query's"
                                                            + " columns"));
            OptionalLong total = RowReaders.countRows(database, query);
            total.ifPresent(tally::total);
            return RowReaders.database(database, query, config.section().fetchSize());
        }
        ClerkSettings sourceSettings =
                config.section()
                        .sourceClerk()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "--source clerk-api needs import.sourceClerk"
                                                        + " (apiUrl, secretKey)"));
        ClerkClient sourceClient = resources.pagingClerk(sourceSettings);
        ClerkResult<Long> count =
                sourceClient
                        .countUsers(UserQuery.all(), sourceClient.deadlineAfter(COUNT_BUDGET))
                        .join();
        if (count.isOk()) {
            tally.total(count.value());
        }
        return RowReaders.clerk(sourceClient);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover scratch ledger in the temp directory holds no secret and harms nothing.
        }
    }
}
