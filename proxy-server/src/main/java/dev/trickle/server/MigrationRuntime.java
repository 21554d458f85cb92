package dev.trickle.server;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.legacy.ClerkInstanceVerifier;
import dev.trickle.core.legacy.DatabaseVerifier;
import dev.trickle.core.legacy.DigestCheck;
import dev.trickle.core.legacy.IdentityConfirmation;
import dev.trickle.core.legacy.IdentitySource;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.core.legacy.UpstreamVerifier;
import dev.trickle.core.login.LoginRoute;
import dev.trickle.core.login.LoginRouteTable;
import dev.trickle.core.login.LoginRoutes;
import dev.trickle.core.login.RouteMatch;
import dev.trickle.core.migration.DeferredMigrationWorker;
import dev.trickle.core.migration.MigrationGate;
import dev.trickle.core.migration.MigrationLoginRoute;
import dev.trickle.core.migration.MigrationMetrics;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.migration.RouteSettings;
import dev.trickle.core.progress.MigrationCensus;
import dev.trickle.core.progress.MigrationStatus;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.rollout.RolloutControl;
import dev.trickle.server.admin.AdminRoute;
import dev.trickle.server.admin.MigrationAdminRoutes;
import dev.trickle.server.config.MigrationConfig;
import dev.trickle.server.config.RouteConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The migration side of {@code serve}: builds the Clerk client, ledger, hash pool, legacy database
 * pool, login routes, background worker and admin endpoints from the configuration, and closes them
 * on shutdown.
 *
 * <p>Blocking work runs on two bounded pools, so a slow legacy database cannot starve the ledger
 * writes that record what Clerk did, and neither can queue logins without end: {@code migration}
 * (ledger I/O: {@code migration.workerThreads}, {@code migration.queueCapacity}) and {@code lookup}
 * (legacy database queries: a thread per {@code legacyDatabase.maxPoolSize} connection, {@code
 * migration.lookupQueueCapacity}). Work for a login that waited past its budget is dropped. All
 * deadlines are on the system ticker, the Clerk client's.
 */
final class MigrationRuntime implements AutoCloseable {
    /** A pending row untouched this long after its retry time has lost the process that held it. */
    private static final Duration ORPHAN_GRACE = Duration.ofMinutes(2);

    private static final Duration LEGACY_COUNT_MAX_AGE = Duration.ofMinutes(5);

    private final PasswordHashes hashes;
    private final Ledger ledger;
    private final Optional<LegacyUserDirectory> directory;
    private final BoundedPool blocking;
    private final BoundedPool lookups;
    private final LoginRoutes routes;
    private final DeferredMigrationWorker worker;
    private final List<AdminRoute> adminRoutes;

    private MigrationRuntime(
            PasswordHashes hashes,
            Ledger ledger,
            Optional<LegacyUserDirectory> directory,
            BoundedPool blocking,
            BoundedPool lookups,
            LoginRoutes routes,
            DeferredMigrationWorker worker,
            List<AdminRoute> adminRoutes) {
        this.hashes = hashes;
        this.ledger = ledger;
        this.directory = directory;
        this.blocking = blocking;
        this.lookups = lookups;
        this.routes = routes;
        this.worker = worker;
        this.adminRoutes = adminRoutes;
    }

    static MigrationRuntime start(MigrationConfig config, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        Ledger ledger = Ledger.open(config.ledger(), clock);
        Ticker ticker = Ticker.systemTicker();
        PasswordHashes hashes = new PasswordHashes(config.hashes(), ticker, registry);
        BoundedPool blocking =
                BoundedPool.start(
                        "migration",
                        config.workerThreads(),
                        config.queueCapacity(),
                        ticker,
                        registry);
        BoundedPool lookups =
                BoundedPool.start(
                        "lookup",
                        config.legacyDatabase().map(db -> db.maxPoolSize()).orElse(1),
                        config.lookupQueueCapacity(),
                        ticker,
                        registry);
        Optional<LegacyUserDirectory> directory =
                config.legacyDatabase().map(LegacyUserDirectory::new);
        ClerkClient clerk = ClerkClient.builder(config.clerk()).meterRegistry(registry).build();
        // Its own client: the source instance has its own rate limit and key.
        Optional<ClerkClient> sourceClerk =
                config.sourceClerk().map(settings -> ClerkClient.builder(settings).build());
        RolloutControl rollout = new RolloutControl(config.rollout(), ledger.sharedSettings());
        rollout.refresh();
        MigrationMetrics metrics = new MigrationMetrics(registry);
        MigrationService service =
                new MigrationService(
                        clerk,
                        ledger.rows(),
                        ledger.counters(),
                        hashes,
                        blocking,
                        config.policy(),
                        config.caches(),
                        rollout,
                        ProcessHandle.current().pid() + "@" + hostname(),
                        clock,
                        metrics);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        DigestCheck digests = new DigestCheck(hashes, Optional.empty(), Map.of());
        List<LoginRouteTable.Entry> entries = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            entries.add(
                    new LoginRouteTable.Entry(
                            route.method(),
                            route.matchPath(),
                            route.subpaths(),
                            route.query(),
                            route(
                                    route,
                                    config,
                                    directory,
                                    digests,
                                    lookups,
                                    service,
                                    metrics,
                                    http,
                                    sourceClerk)));
        }
        LoginRouteTable table = new LoginRouteTable(entries);
        MigrationGate gate = new MigrationGate(rollout);
        LoginRoutes routes =
                (method, target) ->
                        gate.interceptsLogins() ? table.match(method, target) : RouteMatch.NONE;
        MigrationCensus census =
                new MigrationCensus(
                        ledger.reports(),
                        ledger.counters(),
                        () ->
                                directory
                                        .map(LegacyUserDirectory::countUsers)
                                        .orElse(OptionalLong.empty()),
                        registry,
                        config.countInterval(),
                        LEGACY_COUNT_MAX_AGE,
                        clock);
        DeferredMigrationWorker worker =
                new DeferredMigrationWorker(
                                service,
                                ledger.rows(),
                                DeferredMigrationWorker.lookingUpIn(directory),
                                rollout,
                                census,
                                config.retryInterval(),
                                ORPHAN_GRACE,
                                clock)
                        .start();
        List<String> routeNames = config.routes().stream().map(RouteConfig::name).toList();
        List<AdminRoute> adminRoutes =
                MigrationAdminRoutes.of(
                        rollout,
                        () ->
                                MigrationStatus.describe(
                                        rollout,
                                        census,
                                        service.deferredCount(),
                                        clerk.health(),
                                        routeNames),
                        () -> MigrationStatus.history(census));
        return new MigrationRuntime(
                hashes, ledger, directory, blocking, lookups, routes, worker, adminRoutes);
    }

    LoginRoutes routes() {
        return routes;
    }

    List<AdminRoute> adminRoutes() {
        return adminRoutes;
    }

    private static LoginRoute route(
            RouteConfig route,
            MigrationConfig config,
            Optional<LegacyUserDirectory> directory,
            DigestCheck digests,
            BoundedPool lookups,
            MigrationService service,
            MigrationMetrics metrics,
            HttpClient http,
            Optional<ClerkClient> sourceClerk) {
        Duration budget = config.policy().loginBudget();
        RouteSettings settings =
                new RouteSettings(
                        route.name(),
                        route.kind(),
                        route.credentials(),
                        route.duplicates(),
                        route.maxBodyBytes(),
                        budget);
        if (route.verify() == RouteConfig.Strategy.CLERK) {
            return MigrationLoginRoute.verifyingWhileForwarding(
                    settings,
                    new ClerkInstanceVerifier(sourceClerk.orElseThrow(), budget),
                    route.success(),
                    service,
                    metrics);
        }
        if (route.verify() == RouteConfig.Strategy.DATABASE) {
            return MigrationLoginRoute.verifyingWhileForwarding(
                    settings,
                    new DatabaseVerifier(
                            directory.orElseThrow(),
                            digests,
                            lookups,
                            // A look-up or check not started while the login is held is dropped.
                            budget.plus(MigrationLoginRoute.VERIFY_ALLOWANCE)),
                    route.success(),
                    service,
                    metrics);
        }
        IdentitySource identity;
        if (route.identity() instanceof RouteConfig.Identity.Json json) {
            identity = new IdentitySource.ResponseJson(json.pointers());
        } else if (route.identity() instanceof RouteConfig.Identity.CurrentUser current) {
            identity = new IdentitySource.CurrentUserUrl(current.url(), current.pointers());
        } else {
            RouteConfig.Identity.Database database =
                    (RouteConfig.Identity.Database) route.identity();
            identity =
                    new IdentitySource.Directory(
                            directory.orElseThrow(), confirmation(database.confirm(), digests));
        }
        UpstreamVerifier verifier =
                new UpstreamVerifier(route.success(), identity, lookups, http, budget);
        return MigrationLoginRoute.verifyingByUpstream(
                settings, route.success(), verifier, service, metrics);
    }

    private static IdentityConfirmation confirmation(
            RouteConfig.Confirmation confirm, DigestCheck digests) {
        if (confirm instanceof RouteConfig.Confirmation.CurrentUser current) {
            return new IdentityConfirmation.CurrentUser(current.url(), current.id());
        }
        if (confirm instanceof RouteConfig.Confirmation.Cookie cookie) {
            return new IdentityConfirmation.SessionCookie(
                    cookie.name(), cookie.value(), cookie.field());
        }
        return new IdentityConfirmation.TypedPassword(digests);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        worker.close();
        lookups.close();
        blocking.close();
        directory.ifPresent(LegacyUserDirectory::close);
        hashes.close();
        ledger.close();
    }
}
