package dev.trickle.server.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The whole validated configuration of {@code trickle serve}; built only by {@link ConfigLoader}.
 *
 * @param ioThreads event-loop threads; 0 means two per core
 * @param shutdownTimeout how long in-flight requests may take to finish after SIGTERM
 * @param reconcile read by {@code trickle reconcile}, accepted here so one file serves both
 */
public record ProxyConfig(
        ListenAddress listen,
        Optional<TlsConfig> tls,
        UpstreamConfig upstream,
        AdminConfig admin,
        ClientConfig client,
        ForwardedConfig forwarded,
        TransportKind transport,
        int ioThreads,
        Duration shutdownTimeout,
        Optional<MigrationConfig> migration,
        ReconcileConfig reconcile) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    static ProxyConfig read(ConfigNode root) {
        var config =
                new ProxyConfig(
                        ListenAddress.read(root, "listen", DEFAULT_LISTEN),
                        TlsConfig.read(root.section("tls")),
                        UpstreamConfig.read(root.section("upstream")),
                        AdminConfig.read(root.section("admin")),
                        ClientConfig.read(root.section("client")),
                        ForwardedConfig.read(root.section("forwarded")),
                        root.enumValue("transport", TransportKind.AUTO),
                        root.integer("ioThreads", 0, 0, 1024),
                        root.duration(
                                "shutdownTimeout",
                                DEFAULT_SHUTDOWN_TIMEOUT,
                                Duration.ZERO,
                                Duration.ofHours(1)),
                        MigrationConfig.read(root),
                        ReconcileConfig.read(root.section("reconcile")));
        root.rejectUnknownKeys();
        return config;
    }
}
