package dev.trickle.server.proxy.login;

import dev.trickle.server.proxy.Listeners;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A legacy app whose own login costs next to nothing, so that a benchmark through Trickle measures
 * Trickle: user {@code uN} (email {@code uN@bench.test}) has the password {@code pw-N-bench} for
 * every N, checked by string comparison on the event loop; no database, no password hashing.
 *
 * <ul>
 *   <li>{@code POST /api/login} and {@code POST /unrouted/api/login}: JSON {@code {"email",
 *       "password"}} in; 200 with {@code {"user": {"id", "email", "username"}}} or 401.
 *   <li>{@code POST /login} and {@code POST /unrouted/login}: form {@code username, password}; 302
 *       to {@code /account} with a session cookie, or 200 with the form again.
 * </ul>
 *
 * The {@code /unrouted} twins answer the same bytes: the benchmark configures login routes only on
 * the first path of each pair, so the twin is the same request through Trickle's pass-through.
 */
final class BenchLegacyApp implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private BenchLegacyApp(InetSocketAddress address) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
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
                                                .addLast(new HttpObjectAggregator(64 * 1024))
                                                .addLast(new BenchLegacyHandler());
                                    }
                                });
        try {
            channel = Listeners.bind(bootstrap, address, "benchmark legacy app");
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    static BenchLegacyApp start(InetSocketAddress address) throws InterruptedException {
        return new BenchLegacyApp(address);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    static String password(long id) {
        return "pw-" + id + "-bench";
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
