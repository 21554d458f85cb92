package dev.trickle.server.proxy;

import dev.trickle.server.config.ClientConfig;
import dev.trickle.server.proxy.login.LoginRouteHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of a client connection, one concern per handler:
 *
 * <pre>
 * traffic → [tls] → headTimeout → http → guard → bodyTimeout → login → idle → proxy
 * </pre>
 *
 * {@code http} decodes with RFC 9112 transfer-coding rules, so a request carrying both
 * Content-Length and Transfer-Encoding (a smuggling attempt) fails to decode and is answered 400;
 * {@code guard} marks the rest of what must not be forwarded before a login route or the proxy
 * reads it. A connection over {@code client.maxConnections} or {@code maxConnectionsPerAddress} is
 * closed here, before any handler or TLS handshake is spent on it.
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    /** Large enough that a body chunk is bounded by the socket read, not by the decoder. */
    private static final int MAX_CHUNK_BYTES = 1024 * 1024;

    private final ProxyContext proxy;
    private final ClientConfig client;
    private final SslContext sslContext;
    private final TrafficCounterHandler traffic;
    private final ChannelGroup clients;
    private final ConnectionLimits limits;

    ClientChannelInitializer(
            ProxyContext proxy,
            ClientConfig client,
            SslContext sslContext,
            ChannelGroup clients,
            ConnectionLimits limits) {
        this.proxy = proxy;
        this.client = client;
        this.sslContext = sslContext;
        this.traffic = new TrafficCounterHandler(proxy.metrics());
        this.clients = clients;
        this.limits = limits;
    }

    @Override
    protected void initChannel(Channel ch) {
        InetAddress address =
                ch.remoteAddress() instanceof InetSocketAddress ip ? ip.getAddress() : null;
        ConnectionRefusal refusal = limits.admit(address);
        if (refusal != null) {
            proxy.metrics().connectionRefused(refusal);
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> limits.release(address));
        clients.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("traffic", traffic);
        if (sslContext != null) {
            p.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        p.addLast("headTimeout", new RequestHeadTimeoutHandler(client.requestHeaderTimeout()));
        p.addLast(
                "http",
                new HttpServerCodec(
                        new HttpDecoderConfig()
                                .setMaxInitialLineLength(client.maxInitialLineBytes())
                                .setMaxHeaderSize(client.maxHeaderBytes())
                                .setMaxChunkSize(MAX_CHUNK_BYTES)
                                .setUseRfc9112TransferEncoding(true)));
        p.addLast("guard", new RequestGuardHandler());
        p.addLast("requestId", RequestIdHandler.INSTANCE);
        p.addLast(
                "bodyTimeout",
                new RequestBodyTimeoutHandler(
                        client.requestBodyTimeout(), client.minRequestBodyBytesPerSecond()));
        p.addLast("login", new LoginRouteHandler(proxy.loginRoutes()));
        p.addLast(
                "idle",
                new IdleStateHandler(0, 0, client.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("proxy", new ClientToUpstreamHandler(proxy));
    }
}
