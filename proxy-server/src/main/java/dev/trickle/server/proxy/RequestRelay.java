package dev.trickle.server.proxy;

import io.netty.channel.Channel;
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
        /** A write to {@code upstream} failed; it may no longer be the exchange's connection. */
        void writeFailed(Exchange exchange, Channel upstream, Throwable cause);

        /** The request's last content went upstream. */
        void requestEnded();
    }

    private final ClientReads reads;
    private final ResponseRelay response;
    private final Outcomes outcomes;

    RequestRelay(ClientReads reads, ResponseRelay response, Outcomes outcomes) {
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

    /** Forwards a piece of the body of {@code exchange}, which is connected. */
    void body(Exchange exchange, HttpContent content) {
        Channel upstream = exchange.upstream;
        boolean last = content instanceof LastHttpContent;
        if (last) {
            exchange.requestComplete = true;
        }
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
