package dev.trickle.server.proxy;

import dev.trickle.core.login.RequestId;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The state of one request/response exchange of a client connection; event-loop confined. Where the
 * response stands is one {@link Phase}; the request side runs independently of it (an upstream may
 * answer before the body has been sent), so its end is a fact of its own.
 *
 * <pre>
 *   CONNECTING ──head sent──▶ AWAITING_RESPONSE ──final head──▶ RELAYING_RESPONSE ──last──▶ RESPONSE_ENDED
 *      ▲                        │    ▲                                                          │
 *      └──stale, retried────────┘    └──1xx ended── INTERIM ◀──1xx head                       written
 *   any phase before RELAYING_RESPONSE ──proxy's own answer──▶ DONE ◀────────────────────────────┘
 * </pre>
 */
final class Exchange {
    enum Phase {
        /** Waiting for an upstream connection: the first one, or another after a stale one. */
        CONNECTING,
        /** The head went upstream; no final response head yet. */
        AWAITING_RESPONSE,
        /** An interim (1xx) head was relayed and its end has not arrived. */
        INTERIM,
        /** The final head went to the client; its content follows. */
        RELAYING_RESPONSE,
        /** The upstream's last content arrived and is on its way to the client. */
        RESPONSE_ENDED,
        /** The whole response, the upstream's or the proxy's own, was written. */
        DONE
    }

    final HttpMethod method;
    final HttpVersion clientVersion;
    final long startNanos;

    /** As {@link RequestIdHandler} set it. */
    final String requestId;

    /** The request target without its query, for the access log. */
    final String path;

    /** Body bytes relayed each way, for the access log. */
    long requestBytes;

    long responseBytes;

    /** Metric tag: {@code passthrough} or {@code login}. */
    String route = ClientToUpstreamHandler.ROUTE_PASSTHROUGH;

    /** The head as sent upstream; kept to resend it when a reused connection turns out stale. */
    HttpRequest forwarded;

    boolean keepAlive;
    boolean upgradeRequested;
    boolean bodiless;
    boolean requestComplete;

    /** Set while connected: null in {@link Phase#CONNECTING} and once the proxy gave up on it. */
    Channel upstream;

    boolean reusedConnection;
    int retries;
    int status;
    boolean upstreamReusable;
    boolean closeAfterResponse;

    boolean clientReadPaused;
    boolean upstreamReadPaused;

    private Phase phase = Phase.CONNECTING;

    Exchange(HttpRequest request, long startNanos) {
        this.method = request.method();
        this.clientVersion = request.protocolVersion();
        this.startNanos = startNanos;
        this.requestId = request.headers().get(RequestId.HEADER, "");
        String uri = request.uri();
        int query = uri.indexOf('?');
        this.path = query < 0 ? uri : uri.substring(0, query);
    }

    Phase phase() {
        return phase;
    }

    boolean isConnecting() {
        return phase == Phase.CONNECTING;
    }

    /** The client has seen a final head (or a 101): the proxy can no longer answer instead. */
    boolean hasResponseStarted() {
        return phase.compareTo(Phase.RELAYING_RESPONSE) >= 0;
    }

    /** Nothing more is expected from the upstream. */
    boolean hasResponseEnded() {
        return phase.compareTo(Phase.RESPONSE_ENDED) >= 0;
    }

    boolean isDone() {
        return phase == Phase.DONE;
    }

    void headSent() {
        moveTo(Phase.AWAITING_RESPONSE, Phase.CONNECTING);
    }

    /** The connection went stale before any answer: the head goes out again on another one. */
    void retryOnAnotherConnection() {
        moveTo(Phase.CONNECTING, Phase.AWAITING_RESPONSE);
        retries++;
        upstream = null;
    }

    void interimStarted() {
        moveTo(Phase.INTERIM, Phase.AWAITING_RESPONSE);
    }

    void interimEnded() {
        moveTo(Phase.AWAITING_RESPONSE, Phase.INTERIM);
    }

    void responseStarted(int code) {
        moveTo(Phase.RELAYING_RESPONSE, Phase.AWAITING_RESPONSE);
        status = code;
    }

    void responseEnded() {
        moveTo(Phase.RESPONSE_ENDED, Phase.RELAYING_RESPONSE);
    }

    /** The upstream's last content was written, or the proxy answered itself. */
    void responseWritten() {
        if (phase == Phase.RESPONSE_ENDED || !hasResponseStarted()) {
            phase = Phase.DONE;
            return;
        }
        throw new IllegalStateException("response written in phase " + phase);
    }

    private void moveTo(Phase next, Phase expected) {
        if (phase != expected) {
            throw new IllegalStateException(
                    phase + " -> " + next + " (expected: " + expected + ")");
        }
        phase = next;
    }
}
