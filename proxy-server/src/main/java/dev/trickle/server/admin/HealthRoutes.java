package dev.trickle.server.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;

/** {@code /health/live} (the process answers) and {@code /health/ready} (every check holds). */
final class HealthRoutes {
    private HealthRoutes() {}

    static AdminRoute live() {
        return AdminRoute.probe(
                "/health/live",
                request -> AdminResponses.json(HttpResponseStatus.OK, "{\"status\":\"live\"}\n"));
    }

    static AdminRoute ready(List<ReadinessCheck> checks) {
        return AdminRoute.probe("/health/ready", request -> readiness(checks));
    }

    private static FullHttpResponse readiness(List<ReadinessCheck> checks) {
        List<String> problems = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            check.problem().ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return AdminResponses.json(HttpResponseStatus.OK, "{\"status\":\"ready\"}\n");
        }
        StringBuilder body = new StringBuilder("{\"status\":\"not_ready\",\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            body.append(i == 0 ? "" : ",").append(JsonStrings.quote(problems.get(i)));
        }
        return AdminResponses.json(
                HttpResponseStatus.SERVICE_UNAVAILABLE, body.append("]}\n").toString());
    }
}
