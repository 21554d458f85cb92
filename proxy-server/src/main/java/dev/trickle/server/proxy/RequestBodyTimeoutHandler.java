package dev.trickle.server.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds a client to a minimum request-body rate, so a body dribbled in does not keep an upstream
 * connection for as long as the idle timeout allows. Sits after the HTTP decoder and before the
 * login and proxy handlers, so it sees their reads (auto-read is off) and the body they are given.
 *
 * <p>Only time spent waiting on the client counts: from a read being asked for until body content
 * arrives. While the proxy stops reading because the upstream cannot take more, or while a client
 * that sent {@code Expect: 100-continue} waits for the upstream's answer, the clock stands still.
 * Each {@code window} of such waiting must bring at least {@code minBytesPerSecond × window} bytes
 * (one byte at the least); otherwise {@link #TIMED_OUT} goes down the pipeline and the proxy
 * answers 408 and closes, which frees the upstream connection.
 */
final class RequestBodyTimeoutHandler extends ChannelDuplexHandler {
    /** User event fired when a request body arrives too slowly. */
    static final Object TIMED_OUT = new Object();

    private final long windowNanos;
    private final long requiredBytes;

    private Ticker ticker = Ticker.systemTicker();
    private ScheduledFuture<?> timer;
    private boolean inBody;
    private boolean awaitingContinue;

    /** A read was asked for and no body content has answered it yet. */
    private boolean readPending;

    private long waitingSince = -1;
    private long waitedNanos;
    private long bytes;

    RequestBodyTimeoutHandler(Duration window, long minBytesPerSecond) {
        this.windowNanos = window.toNanos();
        this.requiredBytes =
                Math.max(1L, (long) (minBytesPerSecond * (windowNanos / 1_000_000_000.0)));
    }

    /** The event loop's clock, so that tests can move it (an embedded channel's mock ticker). */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.executor() instanceof AbstractScheduledEventExecutor loop) {
            ticker = loop.ticker();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            // A head without either framing header has no body: no clock for it.
            inBody =
                    request.decoderResult().isSuccess()
                            && !(msg instanceof LastHttpContent)
                            && (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                                    || request.headers()
                                            .contains(HttpHeaderNames.TRANSFER_ENCODING));
            awaitingContinue = inBody && HttpUtil.is100ContinueExpected(request);
            readPending = false;
            waitingSince = -1;
            waitedNanos = 0;
            bytes = 0;
        } else if (msg instanceof HttpContent content && inBody) {
            bytes += content.content().readableBytes();
            readPending = false;
            stopWaiting();
            if (msg instanceof LastHttpContent || content.decoderResult().isFailure()) {
                inBody = false;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        readPending = true;
        startWaiting(ctx);
        ctx.read();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (awaitingContinue && msg instanceof HttpResponse) {
            // 100 Continue (or the final answer): from now on the client has no reason to wait.
            awaitingContinue = false;
            startWaiting(ctx);
        }
        ctx.write(msg, promise);
    }

    private void startWaiting(ChannelHandlerContext ctx) {
        if (inBody && readPending && !awaitingContinue && waitingSince < 0) {
            waitingSince = ticker.nanoTime();
            if (timer == null) {
                schedule(ctx, windowNanos);
            }
        }
    }

    private void stopWaiting() {
        if (waitingSince >= 0) {
            waitedNanos += ticker.nanoTime() - waitingSince;
            waitingSince = -1;
        }
    }

    /**
     * One timer per connection, re-armed while a body is being read and left to lapse otherwise,
     * rather than a scheduler insert and removal for every request.
     */
    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!inBody) {
            return;
        }
        long now = ticker.nanoTime();
        long waited = waitedNanos + (waitingSince >= 0 ? now - waitingSince : 0);
        if (waited < windowNanos) {
            schedule(ctx, windowNanos - waited);
            return;
        }
        if (bytes < requiredBytes) {
            inBody = false;
            ctx.fireUserEventTriggered(TIMED_OUT);
            return;
        }
        waitedNanos = 0;
        bytes = 0;
        if (waitingSince >= 0) {
            waitingSince = now;
        }
        schedule(ctx, windowNanos);
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
