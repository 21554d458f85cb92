package dev.trickle.server.proxy;

import dev.trickle.server.metrics.ServerMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what the proxy does. Tags come from small fixed sets (method names, status classes, route
 * kinds, {@link ProxyError}), never from paths, queries or users, so cardinality stays bounded.
 */
public final class ProxyMetrics {
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE");

    private final MeterRegistry registry;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final Counter connections;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter upstreamConnections;
    private final Map<ProxyError, Counter> errors = new EnumMap<>(ProxyError.class);
    private final Map<ConnectionRefusal, Counter> refusals = new EnumMap<>(ConnectionRefusal.class);
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge(ServerMeters.CONNECTIONS_ACTIVE, activeConnections);
        connections = registry.counter(ServerMeters.CONNECTIONS);
        bytesIn = registry.counter(ServerMeters.TRAFFIC, ServerMeters.TAG_DIRECTION, "in");
        bytesOut = registry.counter(ServerMeters.TRAFFIC, ServerMeters.TAG_DIRECTION, "out");
        upstreamConnections = registry.counter(ServerMeters.UPSTREAM_CONNECTIONS);
        for (ProxyError error : ProxyError.values()) {
            errors.put(
                    error,
                    registry.counter(ServerMeters.ERRORS, ServerMeters.TAG_ERROR, error.tag()));
        }
        for (ConnectionRefusal refusal : ConnectionRefusal.values()) {
            refusals.put(
                    refusal,
                    registry.counter(
                            ServerMeters.CONNECTIONS_REFUSED,
                            ServerMeters.TAG_REASON,
                            refusal.tag()));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
        connections.increment();
    }

    public void connectionRefused(ConnectionRefusal refusal) {
        refusals.get(refusal).increment();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    public void bytesIn(long n) {
        bytesIn.increment(n);
    }

    public void bytesOut(long n) {
        bytesOut.increment(n);
    }

    public void upstreamConnectionOpened() {
        upstreamConnections.increment();
    }

    public void error(ProxyError error) {
        errors.get(error).increment();
    }

    public void request(String method, int status, String route, long nanos) {
        String methodTag = KNOWN_METHODS.contains(method) ? method : "OTHER";
        String statusTag = status <= 0 ? "none" : (status / 100) + "xx";
        String key = methodTag + ' ' + statusTag + ' ' + route;
        requestTimers
                .computeIfAbsent(key, k -> timer(methodTag, statusTag, route))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String method, String status, String route) {
        return Timer.builder(ServerMeters.REQUESTS)
                .description("Client requests, from request head to the end of the response")
                .tags(
                        ServerMeters.TAG_METHOD, method,
                        ServerMeters.TAG_STATUS, status,
                        ServerMeters.TAG_ROUTE, route.toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
