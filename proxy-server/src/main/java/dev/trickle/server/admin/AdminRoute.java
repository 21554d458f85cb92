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

    /**
     * Whether {@code request} changes something. Such requests are refused unless an admin token is
     * configured: a switch anyone on the network can flip is not a kill switch.
     */
    default boolean mutates(FullHttpRequest request) {
        return false;
    }

    FullHttpResponse handle(FullHttpRequest request);
}
