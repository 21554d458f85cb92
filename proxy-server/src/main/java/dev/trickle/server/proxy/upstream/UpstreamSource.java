package dev.trickle.server.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Where client exchanges get their upstream connections: {@link UpstreamPools} in production, a
 * stand-in channel in handler tests. A connection handed out carries an {@link UpstreamHandler}.
 */
public interface UpstreamSource {
    /** Must be called on {@code loop}; the future completes on it. */
    Future<Channel> acquire(EventLoop loop);

    /** Returns a connection whose exchange ended cleanly, on its own loop. */
    void release(Channel channel);
}
