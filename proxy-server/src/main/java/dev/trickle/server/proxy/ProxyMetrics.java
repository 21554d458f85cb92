package dev.trickle.server.proxy;

import dev.trickle.core.metrics.LatencyBuckets;
import dev.trickle.server.metrics.ServerMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
        Gauge.builder(ServerMeters.CONNECTIONS_ACTIVE, activeConnections, AtomicInteger::get)
                .description("Client connections open now")
                .register(registry);
        connections =
                Counter.builder(ServerMeters.CONNECTIONS)
                        .description("Client connections accepted")
                        .register(registry);
        bytesIn = traffic(registry, "in");
        bytesOut = traffic(registry, "out");
        upstreamConnections =
                Counter.builder(ServerMeters.UPSTREAM_CONNECTIONS)
                        .description("Connections opened to the legacy app")
                        .register(registry);
        for (ProxyError error : ProxyError.values()) {
            errors.put(
                    error,
                    Counter.builder(ServerMeters.ERRORS)
                            .description(
                                    "Requests the proxy answered itself or cut short, by error")
                            .tag(ServerMeters.TAG_ERROR, error.tag())
                            .register(registry));
        }
        for (ConnectionRefusal refusal : ConnectionRefusal.values()) {
            refusals.put(
                    refusal,
                    Counter.builder(ServerMeters.CONNECTIONS_REFUSED)
                            .description("Client connections closed on accept, over a cap")
                            .tag(ServerMeters.TAG_REASON, refusal.tag())
                            .register(registry));
        }
    }

    private static Counter traffic(MeterRegistry registry, String direction) {
        return Counter.builder(ServerMeters.TRAFFIC)
                .description("Bytes on client connections: in from clients, out to them")
                .baseUnit("bytes")
                .tag(ServerMeters.TAG_DIRECTION, direction)
                .register(registry);
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
                .serviceLevelObjectives(LatencyBuckets.bounds())
                .register(registry);
    }
}
