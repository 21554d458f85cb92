package dev.trickle.server.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Hands a client connection's messages over one at a time, each only when asked for. The decoder
 * passes on everything one socket read held (several pipelined requests, say); what was not asked
 * for waits here, so a request is only looked at once the previous exchange is done. (Netty's
 * FlowControlHandler would queue for us, but it forgets a pending read when a socket read decodes
 * to nothing, which stalls any request head larger than one read.)
 */
final class ClientReads {
    private final ChannelHandlerContext ctx;
    private final Consumer<Object> handler;
    private final ArrayDeque<Object> pending;
    private boolean wanted;

    ClientReads(ChannelHandlerContext ctx, Consumer<Object> handler) {
        this(ctx, handler, new ArrayDeque<>());
    }

    private ClientReads(ChannelHandlerContext ctx, Consumer<Object> handler, ArrayDeque<Object> q) {
        this.ctx = ctx;
        this.handler = handler;
        this.pending = q;
    }

    /** A message from the pipeline: handled now if one was asked for, queued otherwise. */
    void received(Object msg) {
        if (!wanted) {
            pending.add(msg);
            return;
        }
        wanted = false;
        handler.accept(msg);
    }

    /** Asks for exactly one more message: a queued one at once, or the socket is read. */
    void next() {
        Object queued = pending.poll();
        if (queued != null) {
            handler.accept(queued);
            return;
        }
        wanted = true;
        ctx.read();
    }

    /** Queues {@code msg} to be handed over before anything else. */
    void handFirst(Object msg) {
        pending.addFirst(msg);
    }

    /**
     * The queue, with nothing asked for, for the handler that takes this connection over: what
     * arrives while it installs itself waits until it asks.
     */
    ClientReads handOver(ChannelHandlerContext newCtx, Consumer<Object> newHandler) {
        return new ClientReads(newCtx, newHandler, pending);
    }

    void releaseAll() {
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
