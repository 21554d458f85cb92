package dev.trickle.server;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.legacy.DatabaseVerifier;
import dev.trickle.core.legacy.IdentitySource;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.core.legacy.UpstreamVerifier;
import dev.trickle.core.login.LoginRoute;
import dev.trickle.core.login.LoginRoutes;
import dev.trickle.core.migration.MigrationLoginRoute;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.server.config.MigrationConfig;
import dev.trickle.server.config.RouteConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The migration side of {@code serve}: builds the Clerk client, ledger, hash pool, legacy database
 * pool and the login routes from the configuration, and closes them on shutdown.
 */
final class MigrationRuntime implements AutoCloseable {
    private static final int BLOCKING_THREADS = 8;

    private final PasswordHashes hashes;
    private final Ledger ledger;
    private final Optional<LegacyUserDirectory> directory;
    private final ExecutorService blocking;
    private final LoginRoutes routes;

    private MigrationRuntime(
            PasswordHashes hashes,
            Ledger ledger,
            Optional<LegacyUserDirectory> directory,
            ExecutorService blocking,
            LoginRoutes routes) {
        this.hashes = hashes;
        this.ledger = ledger;
        this.directory = directory;
        this.blocking = blocking;
        this.routes = routes;
    }

    static MigrationRuntime start(MigrationConfig config, MeterRegistry registry) {
        Ledger ledger = Ledger.open(config.ledger(), Clock.systemUTC());
        PasswordHashes hashes = new PasswordHashes(HashSettings.defaults());
        ExecutorService blocking =
                Executors.newFixedThreadPool(
                        BLOCKING_THREADS,
                        r -> {
                            Thread t = new Thread(r, "trickle-migration");
                            t.setDaemon(true);
                            return t;
                        });
        Optional<LegacyUserDirectory> directory =
                config.legacyDatabase().map(LegacyUserDirectory::new);
        ClerkClient clerk = ClerkClient.builder(config.clerk()).meterRegistry(registry).build();
        MigrationService service =
                new MigrationService(
                        clerk,
                        ledger,
                        hashes,
                        blocking,
                        config.policy(),
                        config::rollout,
                        ProcessHandle.current().pid() + "@" + hostname(),
                        Clock.systemUTC());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, LoginRoute> byMethodAndPath = new HashMap<>();
        for (RouteConfig route : config.routes()) {
            byMethodAndPath.put(
                    route.method() + " " + route.path(),
                    route(route, config, directory, hashes, blocking, service, http));
        }
        LoginRoutes routes =
                (method, path) -> Optional.ofNullable(byMethodAndPath.get(method + " " + path));
        return new MigrationRuntime(hashes, ledger, directory, blocking, routes);
    }

    LoginRoutes routes() {
        return routes;
    }

    private static LoginRoute route(
            RouteConfig route,
            MigrationConfig config,
            Optional<LegacyUserDirectory> directory,
            PasswordHashes hashes,
            ExecutorService blocking,
            MigrationService service,
            HttpClient http) {
        Duration budget = config.policy().loginBudget();
        if (route.verify() == RouteConfig.Strategy.DATABASE) {
            DatabaseVerifier verifier =
                    new DatabaseVerifier(
                            directory.orElseThrow(), hashes, blocking, Optional.empty(), Map.of());
            return MigrationLoginRoute.verifyingByDatabase(
                    route.name(),
                    route.credentials(),
                    route.maxBodyBytes(),
                    verifier,
                    service,
                    budget);
        }
        IdentitySource identity;
        if (route.identity() instanceof RouteConfig.Identity.Json json) {
            identity = new IdentitySource.ResponseJson(json.pointers());
        } else if (route.identity() instanceof RouteConfig.Identity.CurrentUser current) {
            identity = new IdentitySource.CurrentUserUrl(current.url(), current.pointers());
        } else {
            identity = new IdentitySource.Directory(directory.orElseThrow());
        }
        UpstreamVerifier verifier =
                new UpstreamVerifier(route.success(), identity, blocking, http, budget);
        return MigrationLoginRoute.verifyingByUpstream(
                route.name(), route.credentials(), route.maxBodyBytes(), verifier, service, budget);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        directory.ifPresent(LegacyUserDirectory::close);
        hashes.close();
        ledger.close();
    }
}
