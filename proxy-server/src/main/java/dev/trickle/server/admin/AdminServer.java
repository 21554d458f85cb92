package dev.trickle.server.admin;

import dev.trickle.server.config.AdminConfig;
import dev.trickle.server.netty.Listeners;
import dev.trickle.server.netty.Transport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener on its own port and thread, so probes and scrapes answer even while the
 * proxy's event loops are saturated.
 */
public final class AdminServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int READ_TIMEOUT_SECONDS = 30;

    /** Changes waiting for the blocking thread; beyond it a change is refused with a 503. */
    private static final int MAX_QUEUED_BLOCKING = 16;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ExecutorService blocking;

    private AdminServer(EventLoopGroup group, Channel channel, ExecutorService blocking) {
        this.group = group;
        this.channel = channel;
        this.blocking = blocking;
    }

    /**
     * @param extraRoutes endpoints contributed by other parts of the product (status, mode)
     */
    public static AdminServer start(
            AdminConfig config,
            Transport transport,
            PrometheusMeterRegistry registry,
            List<ReadinessCheck> readiness,
            List<AdminRoute> extraRoutes)
            throws InterruptedException {
        List<AdminRoute> all = new ArrayList<>();
        all.add(HealthRoutes.live());
        all.add(HealthRoutes.ready(List.copyOf(readiness)));
        all.add(MetricsRoute.of(registry));
        all.addAll(extraRoutes);
        Map<String, AdminRoute> routes = new LinkedHashMap<>();
        for (AdminRoute route : all) {
            routes.put(route.path(), route);
        }
        ExecutorService blocking = blockingExecutor();
        AdminHandler handler =
                new AdminHandler(
                        Map.copyOf(routes), config.token(), AdminHosts.of(config), blocking);
        EventLoopGroup group = transport.newGroup(1, "trickle-admin");
        try {
            ServerBootstrap bootstrap =
                    new ServerBootstrap()
                            .group(group)
                            .channel(transport.serverChannel())
                            .childHandler(
                                    new ChannelInitializer<>() {
                                        @Override
                                        protected void initChannel(Channel ch) {
                                            ch.pipeline()
                                                    .addLast(
                                                            new ReadTimeoutHandler(
                                                                    READ_TIMEOUT_SECONDS,
                                                                    TimeUnit.SECONDS))
                                                    .addLast(new HttpServerCodec())
                                                    .addLast(
                                                            new HttpObjectAggregator(
                                                                    MAX_REQUEST_BYTES))
                                                    .addLast(handler);
                                        }
                                    });
            Channel channel =
                    Listeners.bind(bootstrap, config.listen().toSocketAddress(), "admin port");
            return new AdminServer(group, channel, blocking);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            blocking.shutdownNow();
            throw e;
        }
    }

    /**
     * One thread: changes are rare and each is one ledger write; a bounded queue, so a stuck
     * database cannot pile up requests without limit.
     */
    private static ExecutorService blockingExecutor() {
        return new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_BLOCKING),
                r -> {
                    Thread t = new Thread(r, "trickle-admin-blocking");
                    t.setDaemon(true);
                    return t;
                });
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        blocking.shutdown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
