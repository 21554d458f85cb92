package dev.trickle.server.config;

import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.config.Secret;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.migration.MigrationCaches;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.RetrySchedule;
import dev.trickle.core.ratelimit.RateLimit;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything login interception needs: routes, the legacy database, Clerk, the ledger, policy, the
 * password-hash limits and the worker pools.
 *
 * @param caches how many users the in-memory caches hold
 * @param workerThreads threads of the pool for ledger writes
 * @param queueCapacity ledger work waiting for one of them before more is shed
 * @param lookupQueueCapacity legacy database look-ups waiting for a connection's thread (one per
 *     {@code legacyDatabase.maxPoolSize}) before more are shed
 */
public record MigrationConfig(
        List<RouteConfig> routes,
        Optional<LegacyDatabaseSettings> legacyDatabase,
        ClerkSettings clerk,
        Optional<ClerkSettings> sourceClerk,
        LedgerSettings ledger,
        Rollout rollout,
        MigrationPolicy policy,
        MigrationCaches caches,
        Duration retryInterval,
        Duration countInterval,
        HashSettings hashes,
        int workerThreads,
        int queueCapacity,
        int lookupQueueCapacity) {

    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COUNT_INTERVAL = Duration.ofSeconds(30);

    /** As many as the ledger's default connection pool: more would only wait for a connection. */
    public static final int DEFAULT_WORKER_THREADS = 8;

    /**
     * Settling a migration is a write of a few milliseconds: a thousand queued is a backlog of
     * about a second, whereas what waits there past its login's deadline is dropped anyway.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    /** Each queued look-up is a login held with its password: a few hundred, not thousands. */
    public static final int DEFAULT_LOOKUP_QUEUE_CAPACITY = 256;

    /** Empty when no routes are configured: Trickle is then a plain reverse proxy. */
    static Optional<MigrationConfig> read(ConfigNode root) {
        MigrationConfig config = readAll(root, false);
        return config.routes().isEmpty() ? Optional.empty() : Optional.of(config);
    }

    /**
     * Every migration section, validated as {@code serve} validates it, with or without routes;
     * {@code needsClerk} demands {@code clerk.secretKey} even when there is no route (the commands
     * that talk to Clerk without serving logins).
     */
    static MigrationConfig readAll(ConfigNode root, boolean needsClerk) {
        List<RouteConfig> routes = RouteConfig.readAll(root);
        ConfigNode legacyNode = root.section("legacyDatabase");
        Optional<LegacyDatabaseSettings> legacy = legacyDatabase(legacyNode);
        ConfigNode clerkNode = root.section("clerk");
        ConfigNode ledgerNode = root.section("ledger");
        ConfigNode migrationNode = root.section("migration");
        ClerkSettings clerk =
                clerk(clerkNode, needsClerk || !routes.isEmpty(), "${CLERK_SECRET_KEY}");
        boolean needsSourceClerk =
                routes.stream().anyMatch(r -> r.verify() == RouteConfig.Strategy.CLERK);
        ConfigNode sourceNode = root.section("sourceClerk");
        Optional<ClerkSettings> sourceClerk =
                sourceNode.isPresent() || needsSourceClerk
                        ? Optional.of(clerk(sourceNode, true, "${SOURCE_CLERK_SECRET_KEY}"))
                        : Optional.empty();
        LedgerSettings ledger = ledger(ledgerNode);
        MigrationMode mode = migrationNode.enumValue("mode", MigrationMode.MIGRATE);
        Rollout rollout =
                new Rollout(
                        mode,
                        migrationNode.integer("rolloutPercent", 100, 0, 100),
                        new HashSet<>(migrationNode.strings("allow")),
                        Set.copyOf(migrationNode.strings("deny")));
        MigrationPolicy policy =
                new MigrationPolicy(
                        migrationNode.enumValue("password", MigrationPolicy.PasswordMode.PLAINTEXT),
                        migrationNode.enumValue("onConflict", MigrationPolicy.ConflictPolicy.LINK),
                        migrationNode.duration(
                                "loginBudget",
                                MigrationPolicy.DEFAULT_LOGIN_BUDGET,
                                Duration.ofMillis(50),
                                Duration.ofSeconds(30)),
                        migrationNode.duration(
                                "lease",
                                MigrationPolicy.DEFAULT_LEASE,
                                Duration.ofSeconds(1),
                                Duration.ofHours(1)),
                        retrySchedule(migrationNode),
                        migrationNode.enumValue(
                                "onDeletedInClerk", MigrationPolicy.DeletedUserPolicy.RESPECT),
                        migrationNode.bool("syncProfile", false),
                        migrationNode.bool("legacyEmailsVerified", false));
        Duration retryInterval =
                migrationNode.duration(
                        "retryInterval",
                        DEFAULT_RETRY_INTERVAL,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10));
        Duration countInterval =
                migrationNode.duration(
                        "countInterval",
                        DEFAULT_COUNT_INTERVAL,
                        Duration.ofSeconds(1),
                        Duration.ofHours(1));
        int workerThreads = migrationNode.integer("workerThreads", DEFAULT_WORKER_THREADS, 1, 256);
        int queueCapacity =
                migrationNode.integer("queueCapacity", DEFAULT_QUEUE_CAPACITY, 1, 1_000_000);
        int lookupQueueCapacity =
                migrationNode.integer(
                        "lookupQueueCapacity", DEFAULT_LOOKUP_QUEUE_CAPACITY, 1, 1_000_000);
        MigrationCaches caches =
                new MigrationCaches(
                        cacheSize(migrationNode, "knownUsersCacheSize"),
                        cacheSize(migrationNode, "shadowCacheSize"));
        migrationNode.rejectUnknownKeys();
        HashSettings hashes = HashesConfig.read(root.section("hashes"));
        boolean needsDatabase =
                routes.stream()
                        .anyMatch(
                                r ->
                                        r.verify() == RouteConfig.Strategy.DATABASE
                                                || (r.verify() == RouteConfig.Strategy.UPSTREAM
                                                        && r.identity()
                                                                instanceof
                                                                RouteConfig.Identity.Database));
        if (needsDatabase && legacy.isEmpty()) {
            root.problems()
                    .add(
                            "legacyDatabase",
                            "missing (expected: url and query, since a route reads the legacy database)");
        }
        return new MigrationConfig(
                routes,
                legacy,
                clerk,
                sourceClerk,
                ledger,
                rollout,
                policy,
                caches,
                retryInterval,
                countInterval,
                hashes,
                workerThreads,
                queueCapacity,
                lookupQueueCapacity);
    }

    private static int cacheSize(ConfigNode node, String key) {
        return node.integer(
                key,
                MigrationCaches.DEFAULT_SIZE,
                MigrationCaches.MIN_SIZE,
                MigrationCaches.MAX_SIZE);
    }

    private static RetrySchedule retrySchedule(ConfigNode node) {
        Duration first =
                node.duration(
                        "retryBackoff",
                        RetrySchedule.DEFAULT.first(),
                        Duration.ofMillis(100),
                        Duration.ofHours(1));
        Duration max =
                node.duration(
                        "retryBackoffMax",
                        RetrySchedule.DEFAULT.max(),
                        Duration.ofMillis(100),
                        Duration.ofDays(1));
        if (max.compareTo(first) < 0) {
            node.problems()
                    .add(
                            node.pathOf("retryBackoffMax"),
                            max + " (expected: at least retryBackoff, " + first + ")");
            return RetrySchedule.DEFAULT;
        }
        return new RetrySchedule(first, max);
    }

    static Optional<LegacyDatabaseSettings> legacyDatabase(ConfigNode node) {
        if (!node.isPresent()) {
            node.rejectUnknownKeys();
            return Optional.empty();
        }
        LegacyDatabaseSettings settings =
                new LegacyDatabaseSettings(
                        node.requiredString("url", "a JDBC URL, e.g. ${LEGACY_DB_URL}"),
                        node.optionalString("user"),
                        node.secret("password"),
                        node.requiredString(
                                "query",
                                "SQL with :identifier, returning id, email, password_digest ..."),
                        node.integer(
                                "maxPoolSize",
                                LegacyDatabaseSettings.DEFAULT_MAX_POOL_SIZE,
                                1,
                                100),
                        node.duration(
                                "connectionTimeout",
                                LegacyDatabaseSettings.DEFAULT_CONNECTION_TIMEOUT,
                                Duration.ofMillis(100),
                                Duration.ofMinutes(1)),
                        node.duration(
                                "queryTimeout",
                                LegacyDatabaseSettings.DEFAULT_QUERY_TIMEOUT,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(1)),
                        node.optionalString("countQuery"),
                        node.secret("bcryptPepper"));
        node.rejectUnknownKeys();
        if (!settings.jdbcUrl().isEmpty()) {
            settings.validate(node.problems(), node.path());
        }
        return Optional.of(settings);
    }

    static ClerkSettings clerk(ConfigNode node, boolean required, String keyHint) {
        String apiUrl = node.string("apiUrl", "https://api.clerk.com/v1");
        Optional<Secret> key = node.secret("secretKey");
        Duration connectTimeout =
                node.duration(
                        "connectTimeout",
                        ClerkSettings.DEFAULT_CONNECT_TIMEOUT,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(1));
        Duration requestTimeout =
                node.duration(
                        "requestTimeout",
                        ClerkSettings.DEFAULT_REQUEST_TIMEOUT,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(5));
        ClerkSettings defaults = ClerkSettings.of(apiUrl, key.orElse(Secret.of("sk_test_unset")));
        RateLimit limit = rateLimit(node.section("rateLimit"), defaults.effectiveRateLimit());
        node.rejectUnknownKeys();
        if (key.isEmpty() && required) {
            node.problems()
                    .add(
                            node.pathOf("secretKey"),
                            "missing (expected: " + keyHint + ", a sk_test_ or sk_live_ key)");
        }
        ClerkSettings settings =
                new ClerkSettings(
                        defaults.apiUrl(),
                        defaults.secretKey(),
                        connectTimeout,
                        requestTimeout,
                        limit,
                        defaults.userUpdateLimit(),
                        defaults.retry());
        if (required) {
            settings.validate(node.problems(), node.path());
        }
        return settings;
    }

    /**
     * {@code clerk.rateLimit}: Clerk raises limits on request, and by default the limit follows the
     * key's instance kind. Each process paces its own calls, so replicas sharing one key each take
     * {@code 1/replicas} of it; null when nothing is set (the key's limit, one process).
     */
    private static RateLimit rateLimit(ConfigNode node, RateLimit byKey) {
        if (!node.isPresent()) {
            return null;
        }
        int permits = node.integer("permits", byKey.permits(), 1, 1_000_000);
        Duration period =
                node.duration("period", byKey.period(), Duration.ofSeconds(1), Duration.ofHours(1));
        int replicas = node.integer("replicas", 1, 1, 1000);
        node.rejectUnknownKeys();
        if (replicas > permits) {
            node.problems()
                    .add(
                            node.pathOf("replicas"),
                            replicas
                                    + " (expected: at most the "
                                    + permits
                                    + " permits shared among them)");
            return null;
        }
        return RateLimit.of(permits / replicas, period);
    }

    static LedgerSettings ledger(ConfigNode node) {
        LedgerSettings defaults = LedgerSettings.defaults();
        LedgerSettings settings =
                new LedgerSettings(
                        node.string("url", LedgerSettings.DEFAULT_URL),
                        node.optionalString("user").orElse(defaults.user()),
                        node.secret("password").orElse(defaults.password()),
                        node.integer("poolSize", LedgerSettings.DEFAULT_POOL_SIZE, 1, 256),
                        node.duration(
                                "connectionTimeout",
                                LedgerSettings.DEFAULT_CONNECTION_TIMEOUT,
                                Duration.ofMillis(250),
                                Duration.ofMinutes(1)));
        node.rejectUnknownKeys();
        settings.validate(node.problems(), node.path());
        return settings;
    }
}
