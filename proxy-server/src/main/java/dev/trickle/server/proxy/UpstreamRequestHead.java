package dev.trickle.server.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The head a client request is forwarded with: hop-by-hop headers removed, the framing set afresh
 * from how the decoder framed the body (never from what survived the header rewrite), Host and the
 * forwarding headers set for the upstream.
 */
final class UpstreamRequestHead {
    private UpstreamRequestHead() {}

    /**
     * Rewrites the decoded headers in place (the client connection owns them) and records on {@code
     * exchange} whether the request upgrades and whether it has a body.
     */
    static HttpRequest of(
            HttpRequest request, Exchange exchange, ClientPeer peer, ProxyContext proxy) {
        boolean upgrade = HopByHopHeaders.isUpgradeRequest(request.headers());
        exchange.upgradeRequested = upgrade;
        // Read before any header is removed: this is how the decoder delimited the body, so it is
        // what the upstream must be told, whatever Connection named.
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        long length = chunked ? -1L : HttpUtil.getContentLength(request, -1L);
        // A head of its own (sharing the decoded headers): a request read whole carries its body,
        // which is sent separately, after the head.
        HttpRequest out =
                new DefaultHttpRequest(
                        HttpVersion.HTTP_1_1, request.method(), request.uri(), request.headers());
        String clientHost = ForwardedHeaders.host(request.headers());
        HopByHopHeaders.strip(out.headers(), upgrade);
        if (chunked) {
            out.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            out.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (length >= 0 && !out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        exchange.bodiless = !chunked && length <= 0;
        if (clientHost == null || !proxy.upstream().preserveHost()) {
            out.headers().set(HttpHeaderNames.HOST, proxy.upstream().authority());
        } else if (!out.headers().contains(HttpHeaderNames.HOST)) {
            out.headers().set(HttpHeaderNames.HOST, clientHost);
        }
        proxy.forwarded().apply(out.headers(), peer, clientHost);
        return out;
    }
}
