package dev.trickle.server.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * One admin endpoint. Handlers run on the admin event loop and must not block: they read state that
 * other threads keep up to date.
 */
public interface AdminRoute {
    /** The exact path, e.g. {@code /metrics}. */
    String path();

    /** Health probes stay open when an admin token is set; everything else needs the token. */
    default boolean isPublic() {
        return false;
    }

    FullHttpResponse handle(FullHttpRequest request);
}
