package dev.trickle.server.metrics;

/**
 * Every meter name and tag key the server module registers. Prometheus shows them with dots as
 * underscores and unit suffixes, e.g. {@code trickle.proxy.requests} as {@code
 * trickle_proxy_requests_seconds_count}. The Grafana dashboard and alert rules refer only to these.
 */
public final class ServerMeters {
    /** Timer: client requests from head received to response end. Tags: method, status, route. */
    public static final String REQUESTS = "trickle.proxy.requests";

    /** Gauge: client connections open now. */
    public static final String CONNECTIONS_ACTIVE = "trickle.proxy.connections.active";

    /** Counter: client connections accepted since start. */
    public static final String CONNECTIONS = "trickle.proxy.connections";

    /**
     * Counter: client connections closed as they were accepted, over a connection cap. Tag: reason
     * (see ConnectionRefusal).
     */
    public static final String CONNECTIONS_REFUSED = "trickle.proxy.connections.refused";

    /** Counter: bytes on client connections. Tag direction: in (from clients), out (to clients). */
    public static final String TRAFFIC = "trickle.proxy.traffic.bytes";

    /** Counter: requests the proxy answered itself or cut short. Tag: error (see ProxyError). */
    public static final String ERRORS = "trickle.proxy.errors";

    /** Counter: upstream connections opened. */
    public static final String UPSTREAM_CONNECTIONS = "trickle.upstream.connections";

    /** Gauge, always 1: the running release. Tags: version, java. */
    public static final String BUILD_INFO = "trickle.build.info";

    /** Gauge: 1 when the upstream answered the last readiness probe, else 0. */
    public static final String UPSTREAM_UP = "trickle.upstream.up";

    public static final String TAG_METHOD = "method";
    public static final String TAG_STATUS = "status";
    public static final String TAG_ROUTE = "route";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_ERROR = "error";
    public static final String TAG_REASON = "reason";
    public static final String TAG_VERSION = "version";
    public static final String TAG_JAVA = "java";

    private ServerMeters() {}
}
