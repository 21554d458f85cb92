package dev.trickle.server.proxy;

import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.config.UpstreamConfig;
import dev.trickle.server.proxy.upstream.UpstreamSource;
import java.util.concurrent.atomic.AtomicBoolean;

/** What every client connection of one proxy server shares. */
final class ProxyContext {
    private final UpstreamConfig upstream;
    private final UpstreamSource upstreams;
    private final ProxyMetrics metrics;
    private final ForwardedHeaders forwarded;
    private final LoginRoutes loginRoutes;
    private final AccessLog accessLog;
    private final AtomicBoolean draining = new AtomicBoolean();

    ProxyContext(
            UpstreamConfig upstream,
            UpstreamSource upstreams,
            ProxyMetrics metrics,
            ForwardedHeaders forwarded,
            LoginRoutes loginRoutes,
            AccessLog accessLog) {
        this.upstream = upstream;
        this.accessLog = accessLog;
        this.loginRoutes = loginRoutes;
        this.upstreams = upstreams;
        this.metrics = metrics;
        this.forwarded = forwarded;
    }

    UpstreamConfig upstream() {
        return upstream;
    }

    UpstreamSource upstreams() {
        return upstreams;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    ForwardedHeaders forwarded() {
        return forwarded;
    }

    LoginRoutes loginRoutes() {
        return loginRoutes;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    /** Once set, connections close after their current response instead of staying alive. */
    boolean isDraining() {
        return draining.get();
    }

    void startDraining() {
        draining.set(true);
    }
}
