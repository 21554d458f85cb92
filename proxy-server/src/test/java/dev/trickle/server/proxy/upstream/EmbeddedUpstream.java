package dev.trickle.server.proxy.upstream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * An upstream connection for handler tests: the production codec and {@link UpstreamHandler} on an
 * {@link EmbeddedChannel}, with auto-read off as in the pool, counting the reads asked of it.
 */
public final class EmbeddedUpstream {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ByteBufAllocator alloc;
    private int reads;

    private EmbeddedUpstream(ByteBufAllocator alloc, boolean reused) {
        this.alloc = alloc;
        channel.config().setAllocator(alloc).setAutoRead(false);
        UpstreamHttpCodec codec = new UpstreamHttpCodec(new HttpDecoderConfig());
        UpstreamHandler handler = new UpstreamHandler(codec, () -> {});
        channel.pipeline()
                .addLast(
                        new ChannelOutboundHandlerAdapter() {
                            @Override
                            public void read(ChannelHandlerContext ctx) {
                                reads++;
                                ctx.read();
                            }
                        },
                        codec,
                        handler);
        if (reused) {
            // An earlier exchange held it: a pooled connection the upstream may have closed.
            handler.attach(null);
            handler.detach();
        }
    }

    /** A connection just opened. */
    public static EmbeddedUpstream fresh(ByteBufAllocator alloc) {
        return new EmbeddedUpstream(alloc, false);
    }

    /** A connection taken from the pool after an earlier exchange. */
    public static EmbeddedUpstream reused(ByteBufAllocator alloc) {
        return new EmbeddedUpstream(alloc, true);
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    /** How many times the exchange asked this connection for more bytes. */
    public int reads() {
        return reads;
    }

    /** Everything the proxy has written to the upstream so far, as text. */
    public String received() {
        StringBuilder text = new StringBuilder();
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            text.append(written.toString(ISO_8859_1));
            written.release();
        }
        return text.toString();
    }

    /** The upstream sends {@code bytes} in one socket read. */
    public void send(String bytes) {
        ByteBuf buf = alloc.buffer();
        buf.writeCharSequence(bytes, ISO_8859_1);
        channel.writeInbound(buf);
    }

    /** Returns a connection to the pool, as {@link UpstreamPool#release} does. */
    public void parked() {
        channel.pipeline().get(UpstreamHandler.class).detach();
    }

    public void setWritable(boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        // The writability event is posted to the event loop, as on a socket.
        channel.runPendingTasks();
    }
}
