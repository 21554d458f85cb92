package dev.trickle.server.runtime;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.ClerkThreads;
import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.importer.ImportLookups;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.server.config.CutoverConfig;
import dev.trickle.server.config.MigrationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What {@code serve}, {@code import} and the cutover commands share, opened from validated
 * configuration and closed in one place: the ledger, the legacy database, the hash pool, the Clerk
 * clients and every thread they run on. The ledger opens with the root: every command needs it, and
 * a ledger this release cannot use must stop a command before it writes anything. The rest opens on
 * first use, so a command opens only what it needs (a rollback never connects to the legacy
 * database).
 *
 * <p>{@link #close} stops what runs tasks before what those tasks use: the pools, then the Clerk
 * threads, then the hash pool, the legacy database and last the ledger. Deadlines are on the system
 * ticker and ledger times on the UTC clock, the Clerk client's.
 */
public final class TrickleResources implements AutoCloseable {
    /** A {@link BoundedPool}'s name and size, as configuration gives them. */
    public record PoolSize(String name, int threads, int queueCapacity) {}

    private final ClerkSettings clerkSettings;
    private final Optional<ClerkSettings> sourceClerkSettings;
    private final Optional<LegacyDatabaseSettings> legacyDatabase;
    private final Optional<HashSettings> hashSettings;
    private final Optional<PoolSize> migrationPoolSize;
    private final Optional<PoolSize> lookupPoolSize;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Ticker ticker = Ticker.systemTicker();

    private final Ledger ledger;
    private Optional<LegacyUserDirectory> directory;
    private PasswordHashes hashes;
    private ClerkThreads clerkThreads;
    private ClerkClient clerk;
    private Optional<ClerkClient> sourceClerk;
    private ClerkClient batchedClerk;
    private ExecutorService pagingThreads;
    private BoundedPool migrationPool;
    private BoundedPool lookupPool;

    private TrickleResources(
            ClerkSettings clerkSettings,
            Optional<ClerkSettings> sourceClerkSettings,
            LedgerSettings ledgerSettings,
            Optional<LegacyDatabaseSettings> legacyDatabase,
            Optional<HashSettings> hashSettings,
            Optional<PoolSize> migrationPoolSize,
            Optional<PoolSize> lookupPoolSize,
            MeterRegistry registry) {
        this.clerkSettings = requireNonNull(clerkSettings, "clerkSettings");
        this.sourceClerkSettings = sourceClerkSettings;
        this.legacyDatabase = legacyDatabase;
        this.hashSettings = hashSettings;
        this.migrationPoolSize = migrationPoolSize;
        this.lookupPoolSize = lookupPoolSize;
        this.registry = requireNonNull(registry, "registry");
        this.ledger =
                Ledger.open(requireNonNull(ledgerSettings, "ledgerSettings"), clock, registry);
    }

    /**
     * {@code serve}'s: a {@code migration} pool for ledger I/O ({@code migration.workerThreads},
     * {@code migration.queueCapacity}) and a {@code lookup} pool for legacy database queries (a
     * thread per {@code legacyDatabase.maxPoolSize} connection, {@code
     * migration.lookupQueueCapacity}), so a slow legacy database cannot starve the ledger writes
     * that record what Clerk did, and neither can queue logins without end.
     */
    public static TrickleResources forServe(MigrationConfig config, MeterRegistry registry) {
        return new TrickleResources(
                config.clerk(),
                config.sourceClerk(),
                config.ledger(),
                config.legacyDatabase(),
                Optional.of(config.hashes()),
                Optional.of(
                        new PoolSize("migration", config.workerThreads(), config.queueCapacity())),
                Optional.of(
                        new PoolSize(
                                "lookup",
                                config.legacyDatabase().map(db -> db.maxPoolSize()).orElse(1),
                                config.lookupQueueCapacity())),
                registry);
    }

    /**
     * {@code import}'s: serve's Clerk and hashes, with {@code ledger} (a dry run's is a scratch
     * one) and the migration pool the import's concurrency needs. A database source reads with its
     * own connection, so there is no legacy directory.
     */
    public static TrickleResources forImport(
            MigrationConfig config,
            LedgerSettings ledger,
            PoolSize migrationPool,
            MeterRegistry registry) {
        return new TrickleResources(
                config.clerk(),
                Optional.empty(),
                ledger,
                Optional.empty(),
                Optional.of(config.hashes()),
                Optional.of(migrationPool),
                Optional.empty(),
                registry);
    }

    /** The cutover commands': the ledger, Clerk and the legacy database; no pools, no hashing. */
    public static TrickleResources forCutover(CutoverConfig config) {
        return new TrickleResources(
                config.clerk(),
                Optional.empty(),
                config.ledger(),
                config.legacyDatabase(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new SimpleMeterRegistry());
    }

    public Clock clock() {
        return clock;
    }

    public Ticker ticker() {
        return ticker;
    }

    /** {@code pid@host}: who holds the ledger claims this process makes. */
    public static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return ProcessHandle.current().pid() + "@" + host;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The legacy database, when configured. */
    public synchronized Optional<LegacyUserDirectory> directory() {
        if (directory == null) {
            directory = legacyDatabase.map(db -> new LegacyUserDirectory(db, registry));
        }
        return directory;
    }

    public synchronized PasswordHashes hashes() {
        if (hashes == null) {
            hashes =
                    new PasswordHashes(
                            hashSettings.orElseThrow(() -> unavailable("hashes")),
                            ticker,
                            registry);
        }
        return hashes;
    }

    /** The target instance's client, metered on this root's registry. */
    public synchronized ClerkClient clerk() {
        if (clerk == null) {
            clerk =
                    ClerkClient.builder(clerkSettings)
                            .meterRegistry(registry)
                            .threads(threads())
                            .build();
        }
        return clerk;
    }

    /** {@link #clerk()} with look-ups batched, for an import. */
    public synchronized ClerkClient batchedClerk() {
        if (batchedClerk == null) {
            batchedClerk = ImportLookups.batched(clerk());
        }
        return batchedClerk;
    }

    /**
     * The source instance's client, when configured: its own, since that instance has its own rate
     * limit and key.
     */
    public synchronized Optional<ClerkClient> sourceClerk() {
        if (sourceClerk == null) {
            sourceClerk =
                    sourceClerkSettings.map(
                            settings -> ClerkClient.builder(settings).threads(threads()).build());
        }
        return sourceClerk;
    }

    /**
     * A client that walks {@code settings}' users page by page. Its work runs on threads of its
     * own: the walk waits on them while the importer is busy, and must not hold a thread the target
     * client's limiter needs.
     */
    public synchronized ClerkClient pagingClerk(ClerkSettings settings) {
        if (pagingThreads == null) {
            pagingThreads =
                    Executors.newCachedThreadPool(DaemonThreads.named("trickle-import-source"));
        }
        return ClerkClient.builder(settings).threads(threads()).executor(pagingThreads).build();
    }

    /** The bounded pool that runs ledger work of migrations. */
    public synchronized BoundedPool migrationPool() {
        if (migrationPool == null) {
            migrationPool =
                    start(migrationPoolSize.orElseThrow(() -> unavailable("migrationPool")));
        }
        return migrationPool;
    }

    /** The bounded pool that runs legacy database look-ups. */
    public synchronized BoundedPool lookupPool() {
        if (lookupPool == null) {
            lookupPool = start(lookupPoolSize.orElseThrow(() -> unavailable("lookupPool")));
        }
        return lookupPool;
    }

    private ClerkThreads threads() {
        if (clerkThreads == null) {
            clerkThreads = ClerkThreads.start();
        }
        return clerkThreads;
    }

    private BoundedPool start(PoolSize size) {
        return BoundedPool.start(
                size.name(), size.threads(), size.queueCapacity(), ticker, registry);
    }

    private static IllegalStateException unavailable(String part) {
        return new IllegalStateException(part + " is not part of this command's resources");
    }

    /**
     * Closes every part opened, in dependency order; a failure to close one still closes the rest.
     */
    @Override
    public synchronized void close() {
        List<AutoCloseable> opened = new ArrayList<>();
        if (pagingThreads != null) {
            opened.add(pagingThreads::shutdownNow);
        }
        opened.add(lookupPool);
        opened.add(migrationPool);
        if (batchedClerk != null) {
            opened.add(() -> ImportLookups.close(batchedClerk));
        }
        opened.add(clerkThreads);
        opened.add(hashes);
        if (directory != null) {
            directory.ifPresent(opened::add);
        }
        opened.add(ledger);
        RuntimeException failure = null;
        for (AutoCloseable part : opened) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
