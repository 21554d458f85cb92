package dev.trickle.server.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /metrics} in the Prometheus text format. */
final class MetricsRoute {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoute() {}

    static AdminRoute of(PrometheusMeterRegistry registry) {
        return AdminRoute.reading(
                "/metrics",
                request ->
                        AdminResponses.of(HttpResponseStatus.OK, CONTENT_TYPE, registry.scrape()));
    }
}
