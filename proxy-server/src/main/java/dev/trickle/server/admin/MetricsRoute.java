package dev.trickle.server.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code /metrics} in the Prometheus text format, or in OpenMetrics when the scraper asks for it
 * (Prometheus does, given {@code application/openmetrics-text} in its Accept header).
 */
final class MetricsRoute {
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private MetricsRoute() {}

    static AdminRoute of(PrometheusMeterRegistry registry) {
        return AdminRoute.reading(
                "/metrics",
                request -> {
                    String accept = request.headers().get(HttpHeaderNames.ACCEPT, "");
                    String type =
                            accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
                    return AdminResponses.of(HttpResponseStatus.OK, type, registry.scrape(type));
                });
    }
}
