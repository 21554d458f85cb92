package dev.trickle.server;

import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.admin.AdminRoute;
import dev.trickle.server.admin.AdminServer;
import dev.trickle.server.admin.ReadinessCheck;
import dev.trickle.server.admin.UpstreamProbe;
import dev.trickle.server.config.ProxyConfig;
import dev.trickle.server.metrics.ServerMeters;
import dev.trickle.server.netty.Transport;
import dev.trickle.server.proxy.ProxyMetrics;
import dev.trickle.server.proxy.ProxyServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of {@code trickle serve}: turns the validated config into running servers and
 * owns the order of start-up (admin last, so ready means ready) and shutdown (proxy drains first).
 */
public final class ProxyApplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyApplication.class);

    private final ProxyConfig config;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final ProxyServer proxy;
    private final UpstreamProbe probe;
    private final AdminServer admin;
    private final Optional<MigrationRuntime> migration;

    private ProxyApplication(
            ProxyConfig config,
            PrometheusMeterRegistry registry,
            JvmGcMetrics gcMetrics,
            ProxyServer proxy,
            UpstreamProbe probe,
            AdminServer admin,
            Optional<MigrationRuntime> migration) {
        this.config = config;
        this.registry = registry;
        this.gcMetrics = gcMetrics;
        this.proxy = proxy;
        this.probe = probe;
        this.admin = admin;
        this.migration = migration;
    }

    public static ProxyApplication start(ProxyConfig config) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Started in passthrough too: its login routes then match nothing, and the admin API can
        // switch the migration back on without a restart.
        Optional<MigrationRuntime> migration =
                config.migration().map(m -> MigrationRuntime.start(m, registry));
        try {
            return start(
                    config,
                    migration.map(MigrationRuntime::routes).orElse(LoginRoutes.none()),
                    registry,
                    migration);
        } catch (RuntimeException | InterruptedException e) {
            migration.ifPresent(MigrationRuntime::close);
            throw e;
        }
    }

    /** Starts with the given login routes intercepted; everything else passes through. */
    public static ProxyApplication start(ProxyConfig config, LoginRoutes loginRoutes)
            throws InterruptedException {
        return start(
                config,
                loginRoutes,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.empty());
    }

    private static ProxyApplication start(
            ProxyConfig config,
            LoginRoutes loginRoutes,
            PrometheusMeterRegistry registry,
            Optional<MigrationRuntime> migration)
            throws InterruptedException {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        // The standard process_* series (CPU seconds, resident memory, open and max file
        // descriptors, start time) instead of Micrometer's own names for the same facts.
        ProcessMetrics.builder().register(registry.getPrometheusRegistry());
        String version = ProxyApplication.class.getPackage().getImplementationVersion();
        Gauge.builder(ServerMeters.BUILD_INFO, () -> 1)
                .description("The running release of Trickle, always 1")
                .tag(ServerMeters.TAG_VERSION, version == null ? "unpackaged" : version)
                .tag(ServerMeters.TAG_JAVA, Runtime.version().feature() + "")
                .register(registry);

        Transport transport = Transport.select(config.transport());
        ProxyServer proxy =
                ProxyServer.start(config, transport, new ProxyMetrics(registry), loginRoutes);
        UpstreamProbe probe = new UpstreamProbe(config.upstream(), registry);
        AdminServer admin;
        try {
            List<ReadinessCheck> readiness = List.of(probe);
            List<AdminRoute> routes =
                    migration.map(MigrationRuntime::adminRoutes).orElse(List.of());
            admin = AdminServer.start(config.admin(), transport, registry, readiness, routes);
        } catch (RuntimeException | InterruptedException e) {
            probe.close();
            proxy.shutdown(java.time.Duration.ZERO);
            throw e;
        }
        log.info(
                "proxy listening on {} ({}) in front of {}; admin on {}",
                proxy.address(),
                proxy.transportName(),
                config.upstream().url(),
                admin.address());
        return new ProxyApplication(config, registry, gcMetrics, proxy, probe, admin, migration);
    }

    public InetSocketAddress proxyAddress() {
        return proxy.address();
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Drains in-flight requests for up to {@code shutdownTimeout}, then stops everything. */
    @Override
    public void close() {
        log.info("shutting down: draining for up to {}", config.shutdownTimeout());
        try {
            proxy.shutdown(config.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close();
        admin.close();
        migration.ifPresent(MigrationRuntime::close);
        gcMetrics.close();
        registry.close();
        log.info("stopped");
    }
}
