package dev.trickle.server.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/** The state of one request/response exchange of a client connection; event-loop confined. */
final class Exchange {
    final HttpMethod method;
    final HttpVersion clientVersion;
    final long startNanos;

    /** The head as sent upstream; kept to resend it when a reused connection turns out stale. */
    HttpRequest forwarded;

    boolean keepAlive;
    boolean upgradeRequested;
    boolean bodiless;
    Channel upstream;
    boolean reusedConnection;
    boolean headSent;
    int retries;

    boolean requestComplete;
    boolean responseStarted;

    /** The upstream's last response content arrived (it may still be on its way out). */
    boolean lastSeen;

    /** The last response content was written to the client. */
    boolean responseComplete;

    /** Metric tag: {@code passthrough} or {@code login}. */
    String route = ClientToUpstreamHandler.ROUTE_PASSTHROUGH;

    boolean interim;
    int status;
    boolean upstreamReusable;
    boolean closeAfterResponse;
    boolean failed;

    boolean clientReadPaused;
    boolean upstreamReadPaused;

    Exchange(HttpRequest request, long startNanos) {
        this.method = request.method();
        this.clientVersion = request.protocolVersion();
        this.startNanos = startNanos;
    }
}
