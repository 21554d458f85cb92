package dev.trickle.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The legacy app Trickle sits in front of.
 *
 * @param url where the legacy app listens; {@code https} for a TLS upstream
 * @param maxConnections pooled upstream connections at most, across all I/O threads
 * @param connectTimeout beyond it the client gets 504
 * @param responseTimeout how long the upstream may stay silent while a response is awaited (504)
 * @param poolIdleTimeout idle pooled connections are closed after it; keep it below the upstream's
 *     own keep-alive timeout so Trickle closes first
 * @param preserveHost forward the client's Host header (true) or the upstream's authority (false)
 * @param trustedCertificates PEM CA bundle for an https upstream; the JDK's trust store if absent
 */
public record UpstreamConfig(
        URI url,
        int maxConnections,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration poolIdleTimeout,
        boolean preserveHost,
        Optional<Path> trustedCertificates) {

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofSeconds(4);

    public boolean isTls() {
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() != -1 ? url.getPort() : isTls() ? 443 : 80;
    }

    /** The authority as a Host header carries it: the port only when it is not the default. */
    public String authority() {
        return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    static UpstreamConfig read(ConfigNode node) {
        if (!node.isPresent()) {
            node.problems().add(node.path(), "missing (expected: a section with at least url)");
        }
        URI url = node.url("url", Set.of("http", "https")).orElse(URI.create("http://127.0.0.1:1"));
        if (node.isPresent() && !node.has("url")) {
            node.problems().add(node.pathOf("url"), "missing (expected: the legacy app's URL)");
        }
        var config =
                new UpstreamConfig(
                        url,
                        node.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                        node.duration(
                                "connectTimeout",
                                DEFAULT_CONNECT_TIMEOUT,
                                Duration.ofMillis(10),
                                Duration.ofMinutes(5)),
                        node.duration(
                                "responseTimeout",
                                DEFAULT_RESPONSE_TIMEOUT,
                                Duration.ofMillis(10),
                                Duration.ofHours(1)),
                        node.duration(
                                "poolIdleTimeout",
                                DEFAULT_POOL_IDLE_TIMEOUT,
                                Duration.ofMillis(100),
                                Duration.ofHours(1)),
                        node.bool("preserveHost", true),
                        node.readableFile("trustedCertificates"));
        node.rejectUnknownKeys();
        return config;
    }
}
