package dev.trickle.server.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The upstream response timeout of one client connection. Silence counts only while the proxy is
 * actually waiting for the upstream; time paused because the client reads slowly does not. One
 * timer per exchange re-arms itself instead of a timer per read.
 */
final class Timeouts {
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private boolean waiting;
    private long lastActivity;

    Timeouts(Duration responseTimeout) {
        this.timeoutNanos = responseTimeout.toNanos();
    }

    void awaitUpstream(ChannelHandlerContext ctx, Runnable onTimeout) {
        if (!waiting) {
            lastActivity = System.nanoTime();
        }
        waiting = true;
        if (timer == null) {
            schedule(ctx, onTimeout, timeoutNanos);
        }
    }

    void upstreamActivity() {
        lastActivity = System.nanoTime();
    }

    void pause() {
        waiting = false;
    }

    /**
     * Stops counting. The timer is left to lapse rather than cancelled: on a busy keep-alive
     * connection the next exchange reuses it, which spares a scheduler insert and removal per
     * request.
     */
    void stop() {
        waiting = false;
    }

    /** The connection closed: nothing to wait for any more. */
    void cancel() {
        waiting = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, Runnable onTimeout, long delayNanos) {
        timer =
                ctx.executor()
                        .schedule(() -> fire(ctx, onTimeout), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire(ChannelHandlerContext ctx, Runnable onTimeout) {
        timer = null;
        long silent = System.nanoTime() - lastActivity;
        if (!waiting) {
            return;
        }
        if (silent >= timeoutNanos) {
            waiting = false;
            onTimeout.run();
        } else {
            schedule(ctx, onTimeout, timeoutNanos - silent);
        }
    }
}
