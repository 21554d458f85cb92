package dev.trickle.server.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Sends a client request upstream: its head once a connection is there (again, with the end of a
 * bodiless request, when a stale one was replaced), then its body as it arrives. The client is read
 * on only while the upstream connection can take more.
 */
final class RequestRelay {
    /** What the relay leaves to the exchange handler. */
    interface Outcomes {
        /** The request cannot go on: its body cannot be framed. */
        void fail(ProxyError error);

        /** A write to {@code upstream} failed; it may no longer be the exchange's connection. */
        void writeFailed(Exchange exchange, Channel upstream, Throwable cause);

        /** The request ended: its last content went upstream, or was dropped as not needed. */
        void requestEnded();
    }

    private final ChannelHandlerContext ctx;
    private final ClientReads reads;
    private final ResponseRelay response;
    private final Outcomes outcomes;

    RequestRelay(
            ChannelHandlerContext ctx,
            ClientReads reads,
            ResponseRelay response,
            Outcomes outcomes) {
        this.ctx = ctx;
        this.reads = reads;
        this.response = response;
        this.outcomes = outcomes;
    }

    /** {@code exchange} just got its connection: the head goes out and the response is awaited. */
    void head(Exchange exchange) {
        Channel upstream = exchange.upstream;
        boolean resend = exchange.retries > 0;
        exchange.headSent();
        upstream.write(exchange.forwarded);
        if (resend && exchange.requestComplete) {
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        response.readUpstream(exchange);
        if (!resend) {
            // A bodiless request's end is usually queued already: it joins the head in one flush.
            reads.next();
        }
        upstream.flush();
    }

    /** A piece of the client's body; {@code exchange} is null if the proxy already answered. */
    void content(Exchange exchange, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // Not the end of the body but a body that cannot be framed: never forwarded as
            // complete.
            Throwable cause = content.decoderResult().cause();
            content.release();
            if (exchange == null) {
                ctx.close();
            } else {
                outcomes.fail(ProxyError.forCause(cause));
            }
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (exchange == null || exchange.isConnecting()) {
            // Body of a request the proxy answered itself, or the (empty) end of a bodiless one
            // while its stale connection is replaced: the head is resent with an end of its own.
            content.release();
            if (exchange != null && last) {
                exchange.requestComplete = true;
                outcomes.requestEnded();
            } else if (exchange != null) {
                reads.next();
            }
            return;
        }
        body(exchange, content, last);
    }

    private void body(Exchange exchange, HttpContent content, boolean last) {
        Channel upstream = exchange.upstream;
        if (last) {
            exchange.requestComplete = true;
        }
        exchange.requestBytes += content.content().readableBytes();
        upstream.writeAndFlush(content)
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                outcomes.writeFailed(exchange, upstream, f.cause());
                            }
                        });
        if (last) {
            outcomes.requestEnded();
        } else if (upstream.isWritable()) {
            reads.next();
        } else {
            exchange.clientReadPaused = true;
        }
    }

    void upstreamWritable(Exchange exchange) {
        if (exchange.clientReadPaused) {
            exchange.clientReadPaused = false;
            reads.next();
        }
    }
}
