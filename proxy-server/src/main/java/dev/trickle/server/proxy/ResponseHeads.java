package dev.trickle.server.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Builds the response heads the proxy sends to clients: upstream heads re-framed for the client's
 * HTTP version, and the proxy's own short error responses.
 */
final class ResponseHeads {
    private ResponseHeads() {}

    /** How the client side of a response is framed, decided once from the upstream head. */
    record Framing(HttpResponse head, boolean closeAfter) {}

    /**
     * Rewrites the upstream head in place (the exchange owns it) without hop-by-hop headers and
     * frames it for the client: the upstream's Content-Length is kept; otherwise a 1.1 client gets
     * chunked encoding and a 1.0 client a body delimited by closing the connection.
     */
    static Framing forClient(
            HttpResponse upstream,
            HttpMethod method,
            HttpVersion clientVersion,
            boolean keepAlive) {
        boolean chunkedUpstream = HttpUtil.isTransferEncodingChunked(upstream);
        HttpResponse head = upstream;
        HopByHopHeaders.strip(head.headers(), false);
        int code = upstream.status().code();
        boolean noBody = method.equals(HttpMethod.HEAD) || code == 204 || code == 304;
        boolean closeAfter = !keepAlive;
        if (chunkedUpstream) {
            head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        if (!noBody && !head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
                closeAfter = true;
            } else {
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        if (closeAfter) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        return new Framing(head, closeAfter);
    }

    /** An interim (1xx) response relayed as is, without connection-specific headers. */
    static HttpResponse interim(HttpResponse upstream) {
        HttpResponse head =
                new DefaultHttpResponse(
                        HttpVersion.HTTP_1_1, upstream.status(), upstream.headers().copy());
        HopByHopHeaders.strip(head.headers(), false);
        return head;
    }

    /** The 101 that switches protocols, keeping Upgrade and Connection for the client. */
    static HttpResponse switchingProtocols(HttpResponse upstream) {
        HttpResponse head =
                new DefaultHttpResponse(
                        HttpVersion.HTTP_1_1, upstream.status(), upstream.headers().copy());
        HopByHopHeaders.strip(head.headers(), true);
        String upgrade = upstream.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade != null) {
            head.headers().set(HttpHeaderNames.UPGRADE, upgrade);
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
        return head;
    }

    /** A short plain-text response written by the proxy itself. */
    static FullHttpResponse error(ProxyError error, boolean close) {
        byte[] body = (error.message() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, error.status(), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
