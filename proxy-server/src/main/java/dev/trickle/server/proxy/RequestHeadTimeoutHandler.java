package dev.trickle.server.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sits before the HTTP decoder and starts a clock at the first byte of each request; if the whole
 * head has not been decoded when it runs out, it fires {@link #TIMED_OUT} down the pipeline. This
 * stops a slowloris client, which keeps a connection busy by sending its head a byte at a time,
 * without limiting how long an idle keep-alive connection may wait for its next request.
 */
final class RequestHeadTimeoutHandler extends ChannelInboundHandlerAdapter {
    /** User event fired when a request head took too long. */
    static final Object TIMED_OUT = new Object();

    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private boolean awaitingHead = true;
    private long headStartNanos = -1;

    RequestHeadTimeoutHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHead && headStartNanos < 0 && msg instanceof ByteBuf buf && buf.isReadable()) {
            headStartNanos = System.nanoTime();
            if (timer == null) {
                schedule(ctx, timeoutNanos);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * One timer per connection that re-arms itself while heads keep arriving, instead of a
     * scheduler insert and removal for every request.
     */
    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!awaitingHead || headStartNanos < 0) {
            return;
        }
        long elapsed = System.nanoTime() - headStartNanos;
        if (elapsed >= timeoutNanos) {
            ctx.fireUserEventTriggered(TIMED_OUT);
        } else {
            schedule(ctx, timeoutNanos - elapsed);
        }
    }

    /** The head was decoded: the clock stops until the exchange ends. */
    void headReceived() {
        awaitingHead = false;
        headStartNanos = -1;
    }

    /** The exchange ended; the next byte starts the clock for the next request. */
    void awaitNextHead() {
        awaitingHead = true;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
