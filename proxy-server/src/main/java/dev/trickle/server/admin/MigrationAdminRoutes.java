package dev.trickle.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.rollout.RolloutControl;
import dev.trickle.core.rollout.RolloutJson;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /migration}: the operator's kill switch. GET shows the mode and rollout in force; PUT
 * changes any of {@code mode}, {@code rolloutPercent}, {@code allow}, {@code deny} for every
 * replica on the ledger; DELETE returns to the configuration's. {@code /status}: the migration at a
 * glance, as JSON; {@code /status/history}: the hourly counters behind the charts; {@code /}: the
 * dashboard that draws them ({@link DashboardRoutes}).
 */
public final class MigrationAdminRoutes {
    private MigrationAdminRoutes() {}

    public static List<AdminRoute> of(
            RolloutControl rollout, Supplier<ObjectNode> status, Supplier<ObjectNode> history) {
        List<AdminRoute> routes = new ArrayList<>();
        routes.add(new ModeRoute(rollout));
        routes.add(json("/status", status));
        routes.add(json("/status/history", history));
        routes.addAll(DashboardRoutes.of());
        return List.copyOf(routes);
    }

    private static final class ModeRoute implements AdminRoute {
        private final RolloutControl rollout;

        ModeRoute(RolloutControl rollout) {
            this.rollout = rollout;
        }

        @Override
        public String path() {
            return "/migration";
        }

        @Override
        public boolean mutates(FullHttpRequest request) {
            return !HttpMethod.GET.equals(request.method())
                    && !HttpMethod.HEAD.equals(request.method());
        }

        /** PUT, PATCH and DELETE write one ledger row, which may wait on the database. */
        @Override
        public boolean blocks(FullHttpRequest request) {
            return mutates(request);
        }

        @Override
        public FullHttpResponse handle(FullHttpRequest request) {
            HttpMethod method = request.method();
            try {
                if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
                    return show(rollout.state());
                }
                if (HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)) {
                    String body = request.content().toString(StandardCharsets.UTF_8);
                    RolloutControl.State next;
                    try {
                        next = rollout.override(RolloutJson.patch(rollout.get(), body));
                    } catch (IllegalArgumentException e) {
                        return error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
                    }
                    return show(next);
                }
                if (HttpMethod.DELETE.equals(method)) {
                    return show(rollout.clearOverride());
                }
            } catch (LedgerUnavailable e) {
                return error(
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "ledger unavailable: the change was not made on any replica");
            }
            FullHttpResponse refused =
                    error(
                            HttpResponseStatus.METHOD_NOT_ALLOWED,
                            "method: " + method + " (expected: GET, PUT, PATCH or DELETE)");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, PUT, PATCH, DELETE");
            return refused;
        }

        private static FullHttpResponse show(RolloutControl.State state) {
            ObjectNode body = RolloutJson.node(state.rollout());
            body.put("source", state.overridden() ? "runtime" : "config");
            return AdminResponses.json(HttpResponseStatus.OK, body + "\n");
        }
    }

    private static AdminRoute json(String path, Supplier<ObjectNode> body) {
        return AdminRoute.reading(
                path,
                request ->
                        AdminResponses.json(
                                HttpResponseStatus.OK, body.get().toPrettyString() + "\n"));
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        return AdminResponses.json(status, "{\"error\":" + JsonStrings.quote(message) + "}\n");
    }
}
