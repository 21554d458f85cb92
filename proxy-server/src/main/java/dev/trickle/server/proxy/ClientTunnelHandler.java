package dev.trickle.server.proxy;

import dev.trickle.server.proxy.upstream.UpstreamHandler;
import dev.trickle.server.proxy.upstream.UpstreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * A client connection whose upstream answered {@code 101 Switching Protocols}: from then on raw
 * bytes both ways, with the same backpressure as the exchange it replaces (each side is read only
 * while the other can take more). {@link ClientToUpstreamHandler} puts it in its own place in the
 * pipeline and calls {@link #open()}; the tunnel lives until either side closes.
 */
final class ClientTunnelHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
    private final Channel upstream;
    private final ClientReads exchangeReads;
    private ChannelHandlerContext ctx;
    private ClientReads reads;
    private boolean clientReadPaused;
    private boolean upstreamReadPaused;

    /** {@code exchangeReads} holds what the client sent after its upgrade request. */
    ClientTunnelHandler(Channel upstream, ClientReads exchangeReads) {
        this.upstream = upstream;
        this.exchangeReads = exchangeReads;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.reads = exchangeReads.handOver(ctx, this::relayToUpstream);
    }

    /**
     * Takes the upstream's events and removes both HTTP codecs. The client's leftover bytes, which
     * its codec releases as it goes, wait in the queue until both codecs are gone.
     */
    void open() {
        upstream.pipeline().get(UpstreamHandler.class).attach(this);
        TunnelSwitch.apply(ctx.pipeline(), upstream.pipeline());
        reads.next();
        upstream.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads.received(msg);
    }

    private void relayToUpstream(Object msg) {
        ByteBuf bytes = TunnelSwitch.bytesOf(msg);
        if (bytes == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        upstream.writeAndFlush(bytes);
        if (upstream.isWritable()) {
            reads.next();
        } else {
            clientReadPaused = true;
        }
    }

    @Override
    public void upstreamWritable() {
        if (clientReadPaused) {
            clientReadPaused = false;
            reads.next();
        }
    }

    @Override
    public void upstreamRead(Object message) {
        ByteBuf bytes = TunnelSwitch.bytesOf(message);
        if (bytes == null) {
            ReferenceCountUtil.release(message);
            return;
        }
        ctx.write(bytes);
    }

    @Override
    public void upstreamReadComplete() {
        ctx.flush();
        if (ctx.channel().isWritable()) {
            upstream.read();
        } else {
            upstreamReadPaused = true;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstreamReadPaused) {
            upstreamReadPaused = false;
            upstream.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void upstreamClosed() {
        ctx.close();
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reads.releaseAll();
        upstream.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
