package dev.trickle.server.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Last handler of an upstream connection. While an exchange holds the connection, everything is
 * passed to its {@link UpstreamListener}; while the connection idles in the pool, a read stays
 * posted so that a close by the upstream is noticed at once, and anything else it sends (which no
 * request asked for) gets the connection closed.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private UpstreamListener listener;
    private ScheduledFuture<?> idleClose;
    private int exchanges;

    /** Routes this connection's events to {@code newListener} until the exchange releases it. */
    public void attach(UpstreamListener newListener) {
        listener = newListener;
        exchanges++;
    }

    void detach() {
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        listener.upstreamRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
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
