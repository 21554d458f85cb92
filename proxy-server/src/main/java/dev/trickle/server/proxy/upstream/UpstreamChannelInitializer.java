package dev.trickle.server.proxy.upstream;

import dev.trickle.server.config.UpstreamConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Pipeline of an upstream connection:
 *
 * <pre>
 * [SslHandler] → UpstreamHttpCodec → UpstreamHandler
 * </pre>
 */
final class UpstreamChannelInitializer extends ChannelInitializer<Channel> {
    /** Upstream responses carry large Set-Cookie headers more often than client requests do. */
    private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

    /** Large enough that a content chunk is bounded by the socket read, not by the decoder. */
    private static final int MAX_CHUNK_BYTES = 1024 * 1024;

    private final UpstreamConfig config;
    private final SslContext sslContext;
    private final Runnable onUnsolicited;

    UpstreamChannelInitializer(
            UpstreamConfig config, SslContext sslContext, Runnable onUnsolicited) {
        this.config = config;
        this.sslContext = sslContext;
        this.onUnsolicited = onUnsolicited;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            SSLEngine engine = sslContext.newEngine(ch.alloc(), config.host(), config.port());
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            p.addLast("tls", new SslHandler(engine));
        }
        UpstreamHttpCodec codec =
                new UpstreamHttpCodec(
                        new HttpDecoderConfig()
                                .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)
                                .setMaxChunkSize(MAX_CHUNK_BYTES));
        p.addLast("http", codec);
        p.addLast("upstream", new UpstreamHandler(codec, onUnsolicited));
    }
}
