package dev.trickle.server.demo;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A legacy web app of the kind Trickle sits in front of: {@code GET/POST /login} (a form with a
 * CSRF cookie and hidden field, redirecting to {@code /account} with a session cookie), {@code POST
 * /api/login} (JSON in, JSON and a session cookie out, 401 on failure) and a page that needs the
 * session. Passwords are checked against bcrypt digests off the event loop.
 */
public final class DemoLegacyApp implements AutoCloseable {
    private final EventLoopGroup group;
    private final ExecutorService hashing;
    private final Channel channel;
    final DemoUserStore users;
    final Map<String, Long> sessions = new ConcurrentHashMap<>();
    final AtomicLong loginsSucceeded = new AtomicLong();
    final AtomicLong loginsFailed = new AtomicLong();

    private DemoLegacyApp(DemoUserStore users, InetSocketAddress address)
            throws InterruptedException {
        this.users = users;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.hashing =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "demo-legacy-hashing");
                            t.setDaemon(true);
                            return t;
                        });
        DemoLegacyApp app = this;
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
                                                .addLast(new DemoLegacyHandler(app, hashing));
                                    }
                                });
        try {
            this.channel = Listeners.bind(bootstrap, address, "demo legacy app");
        } catch (RuntimeException | InterruptedException e) {
            hashing.shutdownNow();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    static DemoLegacyApp start(DemoUserStore users, InetSocketAddress address)
            throws InterruptedException {
        return new DemoLegacyApp(users, address);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        hashing.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
