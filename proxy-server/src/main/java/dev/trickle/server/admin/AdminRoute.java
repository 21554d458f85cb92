package dev.trickle.server.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.function.Function;

/**
 * One admin endpoint. Handlers run on the admin event loop and must not block: they read state that
 * other threads keep up to date. A request that must block (a ledger write) says so with {@link
 * #blocks}; it is then handled on the admin port's one blocking thread and its response written
 * back on the loop, so probes and scrapes keep being answered meanwhile.
 */
public interface AdminRoute {
    /**
     * A route that only reads state kept up to date elsewhere; it needs the token, if one is set.
     */
    static AdminRoute reading(String path, Function<FullHttpRequest, FullHttpResponse> handler) {
        return new ReadingRoute(path, false, handler);
    }

    /** Like {@link #reading}, but open without the token: for health probes. */
    static AdminRoute probe(String path, Function<FullHttpRequest, FullHttpResponse> handler) {
        return new ReadingRoute(path, true, handler);
    }

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

    /** Whether handling {@code request} blocks, e.g. on a write to the ledger. */
    default boolean blocks(FullHttpRequest request) {
        return false;
    }

    FullHttpResponse handle(FullHttpRequest request);
}
