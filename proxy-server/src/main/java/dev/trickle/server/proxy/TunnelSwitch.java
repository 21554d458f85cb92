package dev.trickle.server.proxy;

import dev.trickle.server.proxy.upstream.UpstreamHttpCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Turns an exchange whose upstream answered {@code 101 Switching Protocols} into a byte tunnel. The
 * order matters: bytes still held by a decoder are released as it is removed, so the upstream codec
 * goes first (its leftovers are written to a client that no longer encodes HTTP), then the client
 * codec and flow control (their leftovers go to an upstream that no longer encodes either).
 */
final class TunnelSwitch {
    private TunnelSwitch() {}

    static void apply(ChannelPipeline client, ChannelPipeline upstream) {
        removeIfPresent(client, HttpServerCodec.class);
        removeIfPresent(upstream, UpstreamHttpCodec.class);
        removeIfPresent(client, RequestHeadTimeoutHandler.class);
    }

    /**
     * The raw bytes of a tunnelled message, owning the message's reference; null for an empty
     * leftover HTTP object, which the caller releases.
     */
    static ByteBuf bytesOf(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf;
        }
        if (msg instanceof HttpContent content && content.content().isReadable()) {
            return content.content();
        }
        return null;
    }

    private static void removeIfPresent(
            ChannelPipeline pipeline, Class<? extends ChannelHandler> type) {
        if (pipeline.get(type) != null) {
            pipeline.remove(type);
        }
    }
}
