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

    RequestHeadTimeoutHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHead && timer == null && msg instanceof ByteBuf buf && buf.isReadable()) {
            timer =
                    ctx.executor()
                            .schedule(
                                    () -> ctx.fireUserEventTriggered(TIMED_OUT),
                                    timeoutNanos,
                                    TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The head was decoded: the clock stops until the exchange ends. */
    void headReceived() {
        awaitingHead = false;
        cancel();
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
