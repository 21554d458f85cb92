package dev.trickle.server.proxy;

import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.config.ProxyConfig;
import dev.trickle.server.config.TlsConfig;
import dev.trickle.server.netty.Listeners;
import dev.trickle.server.netty.Transport;
import dev.trickle.server.proxy.upstream.UpstreamPools;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client-facing listener and its event loops; owns start-up and graceful shutdown. */
public final class ProxyServer {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup clients;
    private final ProxyContext proxy;
    private final Transport transport;

    private ProxyServer(
            EventLoopGroup acceptor,
            EventLoopGroup workers,
            Channel serverChannel,
            ChannelGroup clients,
            ProxyContext proxy,
            Transport transport) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.clients = clients;
        this.proxy = proxy;
        this.transport = transport;
    }

    /** Binds the listener; fails fast if the port is taken or the TLS files are unusable. */
    public static ProxyServer start(
            ProxyConfig config, Transport transport, ProxyMetrics metrics, LoginRoutes loginRoutes)
            throws InterruptedException {
        int threads =
                config.ioThreads() > 0
                        ? config.ioThreads()
                        : NettyRuntime.availableProcessors() * 2;
        EventLoopGroup acceptor = transport.newGroup(1, "trickle-accept");
        EventLoopGroup workers = transport.newGroup(threads, "trickle-io");
        try {
            UpstreamPools pools =
                    new UpstreamPools(
                            config.upstream(),
                            transport.socketChannel(),
                            Transport.allocator(),
                            threads,
                            metrics::upstreamConnectionOpened,
                            () -> metrics.error(ProxyError.UNSOLICITED_UPSTREAM_BYTES));
            ProxyContext proxy =
                    new ProxyContext(
                            config.upstream(),
                            pools,
                            metrics,
                            new ForwardedHeaders(config.forwarded(), config.tls().isPresent()),
                            loginRoutes,
                            new AccessLog(config.client().accessLog()));
            ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
            SslContext ssl = config.tls().map(ProxyServer::serverSslContext).orElse(null);
            ServerBootstrap bootstrap =
                    new ServerBootstrap()
                            .group(acceptor, workers)
                            .channel(transport.serverChannel())
                            .option(ChannelOption.SO_BACKLOG, 1024)
                            .childOption(ChannelOption.AUTO_READ, false)
                            .childOption(ChannelOption.ALLOCATOR, Transport.allocator())
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childHandler(
                                    new ClientChannelInitializer(
                                            proxy,
                                            config.client(),
                                            ssl,
                                            clients,
                                            new ConnectionLimits(
                                                    config.client().maxConnections(),
                                                    config.client().maxConnectionsPerAddress(),
                                                    config.forwarded())));
            Channel channel = Listeners.bind(bootstrap, config.listen().toSocketAddress(), "proxy");
            return new ProxyServer(acceptor, workers, channel, clients, proxy, transport);
        } catch (RuntimeException | InterruptedException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String transportName() {
        return transport.name();
    }

    /**
     * Stops accepting, lets in-flight exchanges finish for up to {@code drainTimeout} while idle
     * keep-alive connections are closed, then closes whatever is left.
     */
    public void shutdown(Duration drainTimeout) throws InterruptedException {
        serverChannel.close().sync();
        proxy.startDraining();
        for (Channel client : clients) {
            client.eventLoop()
                    .execute(
                            () -> {
                                ClientToUpstreamHandler handler =
                                        client.pipeline().get(ClientToUpstreamHandler.class);
                                if (handler != null) {
                                    handler.closeWhenIdle();
                                }
                            });
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (!clients.isEmpty()) {
            log.warn("closing {} connections still busy after the drain timeout", clients.size());
            clients.close().await(1, TimeUnit.SECONDS);
        }
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private static SslContext serverSslContext(TlsConfig tls) {
        try {
            return SslContextBuilder.forServer(
                            tls.certificateChain().toFile(), tls.privateKey().toFile())
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(
                    "tls: cannot load the certificate chain and private key: " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
