package dev.trickle.server.proxy.upstream;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Last handler of an upstream connection. While an exchange holds the connection, everything is
 * passed to its {@link UpstreamListener}; while the connection idles in the pool, a read stays
 * posted so that a close by the upstream is noticed at once.
 *
 * <p>It also keeps the upstream to one response per request. Anything the upstream sends once a
 * response has ended and before the next request is written (a second response, the start of one
 * left in the decoder, bytes to an idle connection) was asked for by no one: relaying it would
 * answer the next request on this connection, perhaps another client's, with it. Such a connection
 * is closed and the bytes dropped. A response whose Transfer-Encoding is not exactly {@code
 * chunked} is marked invalid (nginx refuses them too): forwarding it re-framed would drop its other
 * codings.
 */
public final class UpstreamHandler extends ChannelDuplexHandler {
    private static final DecoderResult UNKNOWN_CODING =
            DecoderResult.failure(
                    new IllegalArgumentException("Transfer-Encoding other than chunked"));

    private final UpstreamHttpCodec codec;
    private final Runnable onUnsolicited;
    private UpstreamListener listener;
    private ScheduledFuture<?> idleClose;
    private int exchanges;

    /** A request was written and its final response has not ended yet. */
    private boolean responseExpected;

    /** The final (non-1xx) response head arrived; its content is under way. */
    private boolean inFinalResponse;

    UpstreamHandler(UpstreamHttpCodec codec, Runnable onUnsolicited) {
        this.codec = codec;
        this.onUnsolicited = onUnsolicited;
    }

    /** Routes this connection's events to {@code newListener} until the exchange releases it. */
    public void attach(UpstreamListener newListener) {
        listener = newListener;
        exchanges++;
    }

    /**
     * Stops routing events to the exchange: one that lets go of this connection must not hear of
     * its close later, when it may be serving the next request.
     */
    public void detach() {
        listener = null;
    }

    void unpark() {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    void park(ChannelHandlerContext ctx, Duration idleTimeout) {
        idleClose =
                ctx.executor()
                        .schedule(
                                () -> {
                                    ctx.close();
                                },
                                idleTimeout.toNanos(),
                                TimeUnit.NANOSECONDS);
        ctx.read();
    }

    /** True once the connection has carried an earlier exchange (it may have gone stale). */
    public boolean isReused() {
        return exchanges > 1;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest) {
            responseExpected = true;
            inFinalResponse = false;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject http) {
            if (!responseExpected) {
                unsolicited(ctx, msg);
                return;
            }
            track(http);
        }
        if (listener == null) {
            unsolicited(ctx, msg);
            return;
        }
        listener.upstreamRead(msg);
    }

    private void track(HttpObject msg) {
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
            inFinalResponse = true;
            if (response.decoderResult().isSuccess() && !knownFraming(response)) {
                response.setDecoderResult(UNKNOWN_CODING);
            }
        }
        if (msg instanceof LastHttpContent && inFinalResponse) {
            inFinalResponse = false;
            responseExpected = false;
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            responseExpected = false;
        }
    }

    private static boolean knownFraming(HttpResponse response) {
        if (!response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        Iterator<? extends CharSequence> codings =
                response.headers().valueCharSequenceIterator(HttpHeaderNames.TRANSFER_ENCODING);
        CharSequence coding = codings.next();
        return !codings.hasNext() && HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding);
    }

    private void unsolicited(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (ctx.channel().isOpen()) {
            onUnsolicited.run();
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // After the decoder's whole pass over this read: if the response ended and part of another
        // message is left over, the upstream said more than it was asked.
        if (!responseExpected && codec.holdsUnreadBytes() && ctx.channel().isOpen()) {
            onUnsolicited.run();
            ctx.close();
        }
        if (listener != null) {
            listener.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null && ctx.channel().isWritable()) {
            listener.upstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleClose != null) {
            idleClose.cancel(false);
        }
        UpstreamListener current = listener;
        listener = null;
        if (current != null) {
            current.upstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener current = listener;
        listener = null;
        ctx.close();
        if (current != null) {
            current.upstreamFailed(cause);
        }
    }
}
