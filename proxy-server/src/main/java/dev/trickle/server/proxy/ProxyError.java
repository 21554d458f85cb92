package dev.trickle.server.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Why the proxy answered a request itself: the status the client sees and the metric tag. */
public enum ProxyError {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad_request", "Bad request"),
    AMBIGUOUS_FRAMING(
            HttpResponseStatus.BAD_REQUEST,
            "ambiguous_framing",
            "Bad request: conflicting Content-Length and Transfer-Encoding"),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long", "Request line too long"),
    HEADERS_TOO_LARGE(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            "Request header fields too large"),
    REQUEST_TIMEOUT(
            HttpResponseStatus.REQUEST_TIMEOUT,
            "request_timeout",
            "Request header not received in time"),
    UPSTREAM_REFUSED(HttpResponseStatus.BAD_GATEWAY, "upstream_refused", "Upstream unreachable"),
    UPSTREAM_CONNECT_TIMEOUT(
            HttpResponseStatus.GATEWAY_TIMEOUT,
            "upstream_connect_timeout",
            "Upstream connect timed out"),
    UPSTREAM_TIMEOUT(
            HttpResponseStatus.GATEWAY_TIMEOUT,
            "upstream_timeout",
            "Upstream did not answer in time"),
    UPSTREAM_RESET(
            HttpResponseStatus.BAD_GATEWAY, "upstream_reset", "Upstream closed the connection"),
    UPSTREAM_BAD_RESPONSE(
            HttpResponseStatus.BAD_GATEWAY,
            "upstream_bad_response",
            "Upstream sent an invalid response"),
    UPSTREAM_POOL_EXHAUSTED(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "upstream_pool_exhausted",
            "No upstream connection available"),
    SHUTTING_DOWN(HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting_down", "Shutting down");

    private final HttpResponseStatus status;
    private final String tag;
    private final String message;

    ProxyError(HttpResponseStatus status, String tag, String message) {
        this.status = status;
        this.tag = tag;
        this.message = message;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String tag() {
        return tag;
    }

    public String message() {
        return message;
    }
}
