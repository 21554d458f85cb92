package dev.trickle.server.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /metrics} in the Prometheus text format. */
final class MetricsRoute implements AdminRoute {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsRoute(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String path() {
        return "/metrics";
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        return AdminResponses.of(HttpResponseStatus.OK, CONTENT_TYPE, registry.scrape());
    }
}
