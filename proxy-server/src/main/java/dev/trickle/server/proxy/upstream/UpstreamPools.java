package dev.trickle.server.proxy.upstream;

import dev.trickle.server.config.UpstreamConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link UpstreamPool} per event loop, so an exchange's client and upstream channels always
 * share a thread. {@code upstream.maxConnections} is split evenly across the loops.
 */
public final class UpstreamPools implements UpstreamSource {
    private final UpstreamConfig config;
    private final Bootstrap bootstrap;
    private final int maxPerLoop;
    private final Runnable onConnect;
    private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();

    public UpstreamPools(
            UpstreamConfig config,
            Class<? extends Channel> channelType,
            ByteBufAllocator allocator,
            int eventLoops,
            Runnable onConnect,
            Runnable onUnsolicited) {
        this.config = config;
        this.maxPerLoop = Math.max(1, (config.maxConnections() + eventLoops - 1) / eventLoops);
        this.onConnect = onConnect;
        this.bootstrap =
                new Bootstrap()
                        .channel(channelType)
                        .remoteAddress(config.host(), config.port())
                        .option(ChannelOption.AUTO_READ, false)
                        .option(ChannelOption.ALLOCATOR, allocator)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.SO_KEEPALIVE, true)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) config.connectTimeout().toMillis())
                        .handler(
                                new UpstreamChannelInitializer(
                                        config, sslContext(config), onUnsolicited));
    }

    @Override
    public Future<Channel> acquire(EventLoop loop) {
        return pools.computeIfAbsent(loop, this::newPool).acquire();
    }

    @Override
    public void release(Channel channel) {
        UpstreamPool pool = pools.get(channel.eventLoop());
        if (pool == null) {
            channel.close();
        } else {
            pool.release(channel);
        }
    }

    private UpstreamPool newPool(EventLoop loop) {
        return new UpstreamPool(
                loop,
                bootstrap,
                maxPerLoop,
                config.connectTimeout(),
                config.poolIdleTimeout(),
                onConnect);
    }

    private static SslContext sslContext(UpstreamConfig config) {
        if (!config.isTls()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (config.trustedCertificates().isPresent()) {
                builder.trustManager(config.trustedCertificates().get().toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("upstream TLS context", e);
        }
    }
}
