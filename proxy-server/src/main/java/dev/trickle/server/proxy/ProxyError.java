package dev.trickle.server.proxy;

import dev.trickle.server.proxy.upstream.PoolExhaustedException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;

/** Why the proxy answered a request itself: the status the client sees and the metric tag. */
public enum ProxyError {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad_request", "Bad request"),
    AMBIGUOUS_FRAMING(
            HttpResponseStatus.BAD_REQUEST,
            "ambiguous_framing",
            "Bad request: conflicting Content-Length and Transfer-Encoding"),
    CONNECTION_NOMINATES_FRAMING(
            HttpResponseStatus.BAD_REQUEST,
            "connection_nominates_framing",
            "Bad request: Connection names Content-Length, Transfer-Encoding or Host"),
    UNSUPPORTED_TRANSFER_CODING(
            HttpResponseStatus.NOT_IMPLEMENTED,
            "unsupported_transfer_coding",
            "Transfer-Encoding other than chunked is not implemented"),
    MALFORMED_BODY(
            HttpResponseStatus.BAD_REQUEST,
            "malformed_body",
            "Bad request: malformed chunked body"),
    MISSING_HOST(
            HttpResponseStatus.BAD_REQUEST, "missing_host", "Bad request: HTTP/1.1 without Host"),
    INVALID_HOST(
            HttpResponseStatus.BAD_REQUEST,
            "invalid_host",
            "Bad request: invalid or repeated Host"),
    INVALID_METHOD(HttpResponseStatus.BAD_REQUEST, "invalid_method", "Bad request: invalid method"),
    METHOD_NOT_ALLOWED(
            HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed"),
    INVALID_REQUEST_TARGET(
            HttpResponseStatus.BAD_REQUEST,
            "invalid_request_target",
            "Bad request: the request target must be a path or an http(s) URL"),
    UNSUPPORTED_VERSION(
            HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
            "unsupported_version",
            "HTTP version not supported"),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long", "Request line too long"),
    HEADERS_TOO_LARGE(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            "Request header fields too large"),
    REQUEST_TIMEOUT(
            HttpResponseStatus.REQUEST_TIMEOUT,
            "request_timeout",
            "Request header not received in time"),
    REQUEST_BODY_TIMEOUT(
            HttpResponseStatus.REQUEST_TIMEOUT,
            "request_body_timeout",
            "Request body not received in time"),
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
    /** Counted only: the upstream sent bytes outside any response; the client never sees them. */
    UNSOLICITED_UPSTREAM_BYTES(
            HttpResponseStatus.BAD_GATEWAY,
            "unsolicited_upstream_bytes",
            "Upstream sent bytes no request asked for"),
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

    /** The error to answer for a failed decode, upstream acquire or refused request. */
    static ProxyError forCause(Throwable cause) {
        if (cause instanceof RejectedRequest rejected) {
            return rejected.error();
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HEADERS_TOO_LARGE;
        }
        if (cause instanceof TooLongHttpLineException) {
            return URI_TOO_LONG;
        }
        if (cause instanceof ConnectTimeoutException) {
            return UPSTREAM_CONNECT_TIMEOUT;
        }
        if (cause instanceof PoolExhaustedException) {
            return UPSTREAM_POOL_EXHAUSTED;
        }
        if (cause instanceof IOException) {
            return UPSTREAM_REFUSED;
        }
        if (cause instanceof ContentLengthNotAllowedException) {
            return AMBIGUOUS_FRAMING;
        }
        return BAD_REQUEST;
    }
}
