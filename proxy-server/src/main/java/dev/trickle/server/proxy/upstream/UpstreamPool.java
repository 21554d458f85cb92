package dev.trickle.server.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Upstream connections of one event loop. Every method runs on that loop, so the pool needs no
 * locks and an exchange's two channels share a thread. Idle connections are reused newest first, so
 * the oldest age out; when {@code maxConnections} are busy, acquirers queue until one is released
 * or the acquire timeout fails them with {@link PoolExhaustedException}.
 */
final class UpstreamPool {
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final int maxConnections;
    private final Duration acquireTimeout;
    private final Duration idleTimeout;
    private final Runnable onConnect;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Promise<Channel>> waiters = new ArrayDeque<>();
    private int open;

    UpstreamPool(
            EventLoop loop,
            Bootstrap bootstrap,
            int maxConnections,
            Duration acquireTimeout,
            Duration idleTimeout,
            Runnable onConnect) {
        this.loop = loop;
        this.bootstrap = bootstrap.clone(loop);
        this.maxConnections = maxConnections;
        this.acquireTimeout = acquireTimeout;
        this.idleTimeout = idleTimeout;
        this.onConnect = onConnect;
    }

    /**
     * The caller attaches itself with {@link UpstreamHandler#attach} in the future's listener,
     * which runs on this loop before the connection can read anything.
     */
    Future<Channel> acquire() {
        assert loop.inEventLoop();
        Channel channel;
        while ((channel = idle.pollFirst()) != null) {
            if (channel.isActive()) {
                handler(channel).unpark();
                return loop.newSucceededFuture(channel);
            }
        }
        Promise<Channel> promise = loop.newPromise();
        if (open < maxConnections) {
            connect(promise);
        } else {
            enqueue(promise);
        }
        return promise;
    }

    /** Returns a healthy connection whose last exchange ended cleanly. */
    void release(Channel channel) {
        assert loop.inEventLoop();
        if (!channel.isActive()) {
            return;
        }
        Promise<Channel> waiter = waiters.pollFirst();
        if (waiter != null) {
            waiter.setSuccess(channel);
            return;
        }
        handler(channel).detach();
        handler(channel).park(channel.pipeline().lastContext(), idleTimeout);
        idle.addFirst(channel);
    }

    private void connect(Promise<Channel> promise) {
        open++;
        ChannelFuture connect = bootstrap.connect();
        Channel channel = connect.channel();
        channel.closeFuture().addListener(f -> closed(channel));
        connect.addListener(
                f -> {
                    if (f.isSuccess()) {
                        onConnect.run();
                        promise.setSuccess(channel);
                    } else {
                        promise.setFailure(f.cause());
                    }
                });
    }

    private void enqueue(Promise<Channel> promise) {
        waiters.addLast(promise);
        ScheduledFuture<?> timeout =
                loop.schedule(
                        () -> {
                            if (waiters.remove(promise)) {
                                promise.setFailure(new PoolExhaustedException());
                            }
                        },
                        acquireTimeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        promise.addListener(f -> timeout.cancel(false));
    }

    private void closed(Channel channel) {
        open--;
        idle.remove(channel);
        Promise<Channel> waiter = waiters.pollFirst();
        if (waiter != null) {
            // A slot freed up: the first waiter gets a fresh connection instead of waiting on.
            connect(waiter);
        }
    }

    int openConnections() {
        return open;
    }

    private static UpstreamHandler handler(Channel channel) {
        return channel.pipeline().get(UpstreamHandler.class);
    }
}
