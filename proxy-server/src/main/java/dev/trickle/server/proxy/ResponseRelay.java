package dev.trickle.server.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Writes what the upstream answers an exchange to its client: interim (1xx) responses relayed to
 * HTTP/1.1 clients, the final head re-framed for the client, then its content, flushed once per
 * upstream read. The upstream is read on only while the client can take more, and only that time
 * counts against the response timeout.
 */
final class ResponseRelay {
    /** What the relay leaves to the exchange handler. */
    interface Outcomes {
        /** The exchange cannot go on: the upstream answered something that must not be relayed. */
        void fail(ProxyError error);

        /** The upstream agreed to the client's protocol upgrade. */
        void switchToTunnel(Exchange exchange, HttpResponse response);

        /** The response's last bytes were written (or failed to be), so the next one may begin. */
        void responseWritten(Exchange exchange);
    }

    private final ChannelHandlerContext ctx;
    private final Timeouts timeouts;
    private final Outcomes outcomes;
    private final Runnable onTimeout;

    ResponseRelay(ChannelHandlerContext ctx, Timeouts timeouts, Outcomes outcomes) {
        this.ctx = ctx;
        this.timeouts = timeouts;
        this.outcomes = outcomes;
        this.onTimeout = () -> outcomes.fail(ProxyError.UPSTREAM_TIMEOUT);
    }

    void readUpstream(Exchange exchange) {
        if (exchange.upstream == null) {
            return;
        }
        timeouts.awaitUpstream(ctx, onTimeout);
        exchange.upstream.read();
    }

    /** The upstream's read was relayed: it goes out, and the upstream is read on if need be. */
    void readComplete(Exchange exchange) {
        ctx.flush();
        if (exchange == null || exchange.hasResponseEnded() || exchange.isConnecting()) {
            return;
        }
        if (ctx.channel().isWritable()) {
            readUpstream(exchange);
        } else {
            exchange.upstreamReadPaused = true;
            timeouts.pause();
        }
    }

    void clientWritable(Exchange exchange) {
        if (exchange.upstreamReadPaused) {
            exchange.upstreamReadPaused = false;
            readUpstream(exchange);
        }
    }

    /** Relays one decoded upstream message of {@code exchange}, owning its reference. */
    void relay(Exchange exchange, HttpObject message) {
        if (message instanceof HttpResponse response && !head(exchange, response)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpContent content) {
            content(exchange, content);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    /** False when the exchange left the relay: failed, or switched to a tunnel. */
    private boolean head(Exchange exchange, HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            exchange.upstreamReusable = false;
            outcomes.fail(ProxyError.UPSTREAM_BAD_RESPONSE);
            return false;
        }
        int code = response.status().code();
        if (code == 101 && exchange.upgradeRequested) {
            outcomes.switchToTunnel(exchange, response);
            return false;
        }
        if (code >= 100 && code < 200) {
            exchange.interimStarted();
            if (exchange.clientVersion.equals(HttpVersion.HTTP_1_1)) {
                ctx.write(ResponseHeads.interim(response));
                ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            return true;
        }
        exchange.upstreamReusable = HttpUtil.isKeepAlive(response);
        ResponseHeads.Framing framing =
                ResponseHeads.forClient(
                        response, exchange.method, exchange.clientVersion, exchange.keepAlive);
        exchange.closeAfterResponse |= framing.closeAfter();
        exchange.responseStarted(code);
        ctx.write(framing.head());
        return true;
    }

    private void content(Exchange exchange, HttpContent content) {
        if (exchange.phase() == Exchange.Phase.INTERIM) {
            // The end of a 1xx response, already written.
            exchange.interimEnded();
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // A body the upstream framed wrongly must not reach the client as if it were complete.
            content.release();
            exchange.upstreamReusable = false;
            outcomes.fail(ProxyError.UPSTREAM_BAD_RESPONSE);
            return;
        }
        exchange.responseBytes += content.content().readableBytes();
        if (!(content instanceof LastHttpContent last)) {
            ctx.write(content);
            return;
        }
        if (!last.trailingHeaders().isEmpty()) {
            HopByHopHeaders.strip(last.trailingHeaders(), false);
        }
        // The exchange ends once the last bytes are written, not when they are handed over: a
        // login's answer may be held on the way out, and the next request waits for it.
        exchange.responseEnded();
        timeouts.stop();
        ctx.write(last)
                .addListener(
                        f -> {
                            exchange.responseWritten();
                            outcomes.responseWritten(exchange);
                        });
    }
}
