package dev.trickle.server;

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
import dev.trickle.server.runtime.TrickleResources;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The migration side of {@code serve}: wires the login routes, background worker and admin
 * endpoints onto {@link TrickleResources#forServe serve's resources}, and closes them on shutdown,
 * the worker first. Work for a login that waited past its budget is dropped.
 */
final class MigrationRuntime implements AutoCloseable {
    /** A pending row untouched this long after its retry time has lost the process that held it. */
    private static final Duration ORPHAN_GRACE = Duration.ofMinutes(2);

    private static final Duration LEGACY_COUNT_MAX_AGE = Duration.ofMinutes(5);

    private final TrickleResources resources;
    private final LoginRoutes routes;
    private final DeferredMigrationWorker worker;
    private final List<AdminRoute> adminRoutes;

    private MigrationRuntime(
            TrickleResources resources,
            LoginRoutes routes,
            DeferredMigrationWorker worker,
            List<AdminRoute> adminRoutes) {
        this.resources = resources;
        this.routes = routes;
        this.worker = worker;
        this.adminRoutes = adminRoutes;
    }

    static MigrationRuntime start(MigrationConfig config, MeterRegistry registry) {
        TrickleResources resources = TrickleResources.forServe(config, registry);
        try {
            return start(config, registry, resources);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private static MigrationRuntime start(
            MigrationConfig config, MeterRegistry registry, TrickleResources resources) {
        Clock clock = resources.clock();
        Ledger ledger = resources.ledger();
        PasswordHashes hashes = resources.hashes();
        BoundedPool blocking = resources.migrationPool();
        BoundedPool lookups = resources.lookupPool();
        Optional<LegacyUserDirectory> directory = resources.directory();
        ClerkClient clerk = resources.clerk();
        Optional<ClerkClient> sourceClerk = resources.sourceClerk();
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
                        TrickleResources.processName(),
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
        return new MigrationRuntime(resources, routes, worker, adminRoutes);
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

    @Override
    public void close() {
        worker.close();
        resources.close();
    }
}
