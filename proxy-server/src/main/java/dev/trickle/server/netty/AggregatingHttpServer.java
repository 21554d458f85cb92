package dev.trickle.server.netty;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An HTTP/1.1 listener on one NIO event loop that hands whole requests to one handler: the demo
 * legacy app, the Clerk emulator and the benchmark's legacy app. Not for the proxy or admin ports,
 * which choose their transport and put timeouts and limits in front of the codec.
 */
public final class AggregatingHttpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private AggregatingHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * @param role names the server in a bind failure ("cannot listen on ... for the {@code role}")
     * @param maxRequestBytes a larger body is answered 413 by the aggregator
     * @param handler the handler for a new connection; may return one {@code @Sharable} instance
     * @throws IllegalStateException when the address cannot be bound
     */
    public static AggregatingHttpServer start(
            InetSocketAddress address,
            String role,
            int maxRequestBytes,
            Supplier<? extends ChannelHandler> handler)
            throws InterruptedException {
        requireNonNull(handler, "handler");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        ch.pipeline()
                                                .addLast(new HttpServerCodec())
                                                .addLast(new HttpObjectAggregator(maxRequestBytes))
                                                .addLast(handler.get());
                                    }
                                });
        try {
            return new AggregatingHttpServer(group, Listeners.bind(bootstrap, address, role));
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes every connection, waiting a few seconds at most. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
