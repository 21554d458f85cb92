package dev.trickle.server.netty;

import dev.trickle.server.config.TransportKind;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The Netty transport in use: native epoll on Linux when available, NIO otherwise. */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerChannel> serverChannel,
        Class<? extends Channel> socketChannel) {

    public static Transport select(TransportKind kind) {
        return switch (kind) {
            case NIO -> nio();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(
                            "transport: epoll (expected: a Linux host where native epoll loads; "
                                    + Epoll.unavailabilityCause()
                                    + ")");
                }
                yield epoll();
            }
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
        };
    }

    /**
     * The buffer allocator for proxied connections. Netty 4.2 defaults to its adaptive allocator,
     * which saves memory when idle; the pooled one cost 4 to 6% less CPU per proxied request in
     * {@code bench/passthrough-ab.sh}, and a proxy spends its life moving buffers.
     */
    public static ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    public EventLoopGroup newGroup(int threads, String threadName) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory(threadName, true), ioHandlerFactory);
    }

    private static Transport epoll() {
        return new Transport(
                "epoll",
                EpollIoHandler.newFactory(),
                EpollServerSocketChannel.class,
                EpollSocketChannel.class);
    }

    private static Transport nio() {
        return new Transport(
                "nio",
                NioIoHandler.newFactory(),
                NioServerSocketChannel.class,
                NioSocketChannel.class);
    }
}
