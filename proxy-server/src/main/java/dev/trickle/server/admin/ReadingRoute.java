package dev.trickle.server.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.function.Function;

/** An {@link AdminRoute} that changes nothing and never blocks: {@code handler} answers it all. */
record ReadingRoute(
        String path, boolean isPublic, Function<FullHttpRequest, FullHttpResponse> handler)
        implements AdminRoute {

    ReadingRoute {
        requireNonNull(path, "path");
        requireNonNull(handler, "handler");
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        return handler.apply(request);
    }
}
