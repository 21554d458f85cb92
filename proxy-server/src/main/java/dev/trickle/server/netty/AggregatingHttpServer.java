package dev.trickle.server.netty;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An HTTP/1.1 listener that hands whole requests to one handler: the admin port, the demo legacy
 * app, the Clerk emulator and the benchmark's legacy app. Not for the proxy port, which streams
 * bodies and puts its own limits and timeouts around the codec.
 */
public final class AggregatingHttpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private AggregatingHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * On one NIO event loop of its own, with no read timeout.
     *
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
        return start(
                new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
                NioServerSocketChannel.class,
                Duration.ZERO,
                address,
                role,
                maxRequestBytes,
                handler);
    }

    /**
     * On {@code group}, which the server then owns: it is shut down on close, or at once when the
     * address cannot be bound.
     *
     * @param readTimeout a connection that sends nothing for this long is closed; zero: never
     */
    public static AggregatingHttpServer start(
            EventLoopGroup group,
            Class<? extends ServerChannel> channelType,
            Duration readTimeout,
            InetSocketAddress address,
            String role,
            int maxRequestBytes,
            Supplier<? extends ChannelHandler> handler)
            throws InterruptedException {
        requireNonNull(handler, "handler");
        long timeoutMillis = readTimeout.toMillis();
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(channelType)
                        .childHandler(
                                new ChannelInitializer<>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        if (timeoutMillis > 0) {
                                            ch.pipeline()
                                                    .addLast(
                                                            new ReadTimeoutHandler(
                                                                    timeoutMillis,
                                                                    TimeUnit.MILLISECONDS));
                                        }
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
