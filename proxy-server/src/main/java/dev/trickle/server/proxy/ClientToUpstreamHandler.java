package dev.trickle.server.proxy;

import dev.trickle.server.proxy.login.LoginRequest;
import dev.trickle.server.proxy.upstream.UpstreamHandler;
import dev.trickle.server.proxy.upstream.UpstreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Streams one client connection's requests to pooled upstream connections and the responses back,
 * one exchange at a time, so pipelined requests are answered in order. (Netty's FlowControlHandler
 * would queue for us, but it forgets a pending read when a socket read decodes to nothing, which
 * stalls any request head larger than one read.)
 *
 * <pre>
 *   client ──read one HttpObject──▶ this ──write──▶ upstream   (next client read only once the
 *   client ◀──write── this ◀──read── upstream                    other side can take more)
 * </pre>
 *
 * Neither side's auto-read is on: the client is read again only when the upstream is writable and
 * the upstream only when the client is, so a slow peer on either side stalls its partner instead of
 * filling the heap. An exchange ends when both the request and the response are complete; then the
 * upstream connection goes back to the pool and the next request is read.
 */
final class ClientToUpstreamHandler extends ChannelInboundHandlerAdapter
        implements UpstreamListener {
    private static final int STALE_CONNECTION_RETRIES = 2;
    static final String ROUTE_PASSTHROUGH = "passthrough";
    static final String ROUTE_LOGIN = "login";

    private final ProxyContext proxy;
    private final Timeouts timeouts;
    private final ArrayDeque<Object> pendingClientMessages = new ArrayDeque<>();
    private boolean wantsClientMessage;
    private ChannelHandlerContext ctx;
    private ClientPeer peer;
    private Exchange exchange;
    private boolean tunnel;

    ClientToUpstreamHandler(ProxyContext proxy) {
        this.proxy = proxy;
        this.timeouts = new Timeouts(proxy.upstream().responseTimeout());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        readClient();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!wantsClientMessage) {
            pendingClientMessages.add(msg);
            return;
        }
        wantsClientMessage = false;
        handleClientMessage(msg);
    }

    /**
     * Asks for exactly one more client message. The decoder hands over everything one socket read
     * held (several pipelined requests, say); what was not asked for waits here, so a request is
     * only looked at once the previous exchange is done.
     */
    private void readClient() {
        Object next = pendingClientMessages.poll();
        if (next != null) {
            handleClientMessage(next);
            return;
        }
        wantsClientMessage = true;
        ctx.read();
    }

    private void handleClientMessage(Object msg) {
        if (tunnel) {
            relayToUpstream(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (msg instanceof HttpContent whole) {
                // A request read whole (a login): its body waits its turn like a separate message.
                pendingClientMessages.addFirst(
                        new DefaultLastHttpContent(
                                whole.content(),
                                whole instanceof LastHttpContent last
                                        ? last.trailingHeaders()
                                        : io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE));
            }
            startExchange(request);
            return;
        }
        if (msg instanceof HttpContent content) {
            requestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startExchange(HttpRequest request) {
        RequestHeadTimeoutHandler headTimeout = ctx.pipeline().get(RequestHeadTimeoutHandler.class);
        if (headTimeout != null) {
            headTimeout.headReceived();
        }
        exchange = new Exchange(request, System.nanoTime());
        if (request instanceof LoginRequest) {
            exchange.route = ROUTE_LOGIN;
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            exchange.requestComplete = true;
            fail(ProxyError.forCause(result.cause()));
            return;
        }
        exchange.keepAlive = HttpUtil.isKeepAlive(request) && !proxy.isDraining();
        if (peer == null) {
            peer = ClientPeer.of((InetSocketAddress) ctx.channel().remoteAddress());
        }
        exchange.forwarded = UpstreamRequestHead.of(request, exchange, peer, proxy);
        acquireUpstream();
    }

    private void acquireUpstream() {
        Exchange current = exchange;
        Future<Channel> acquired = proxy.upstreams().acquire(ctx.channel().eventLoop());
        acquired.addListener(
                f -> {
                    if (!f.isSuccess()) {
                        if (current == exchange) {
                            fail(ProxyError.forCause(f.cause()));
                        }
                        return;
                    }
                    Channel channel = (Channel) f.getNow();
                    if (current != exchange || !ctx.channel().isActive()) {
                        proxy.upstreams().release(channel);
                        return;
                    }
                    attach(channel);
                });
    }

    private void attach(Channel channel) {
        Exchange current = exchange;
        UpstreamHandler upstreamHandler = channel.pipeline().get(UpstreamHandler.class);
        upstreamHandler.attach(this);
        current.upstream = channel;
        current.reusedConnection = upstreamHandler.isReused();
        boolean resend = current.headSent;
        current.headSent = true;
        channel.write(current.forwarded);
        if (resend && current.requestComplete) {
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        readUpstream();
        if (!resend) {
            // A bodiless request's end is usually queued already: it joins the head in one flush.
            readClient();
        }
        channel.flush();
    }

    private void requestContent(HttpContent content) {
        Exchange current = exchange;
        if (content.decoderResult().isFailure()) {
            // Not the end of the body but a body that cannot be framed: never forwarded as
            // complete.
            Throwable cause = content.decoderResult().cause();
            content.release();
            if (current == null) {
                ctx.close();
            } else {
                fail(ProxyError.forCause(cause));
            }
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (current == null || current.upstream == null || current.failed) {
            // Body of a request already answered by the proxy itself: drop it.
            content.release();
            if (current != null && last) {
                current.requestComplete = true;
                finishIfDone();
            } else if (current != null) {
                readClient();
            }
            return;
        }
        Channel upstream = current.upstream;
        if (last) {
            current.requestComplete = true;
            upstream.writeAndFlush(content).addListener(upstreamWriteListener(current));
            finishIfDone();
            return;
        }
        upstream.writeAndFlush(content).addListener(upstreamWriteListener(current));
        if (upstream.isWritable()) {
            readClient();
        } else {
            current.clientReadPaused = true;
        }
    }

    private ChannelFutureListener upstreamWriteListener(Exchange current) {
        return f -> {
            if (!f.isSuccess() && current == exchange) {
                upstreamFailed(f.cause());
            }
        };
    }

    @Override
    public void upstreamWritable() {
        Exchange current = exchange;
        if (current != null && current.clientReadPaused) {
            current.clientReadPaused = false;
            readClient();
        }
    }

    @Override
    public void upstreamRead(Object message) {
        Exchange current = exchange;
        timeouts.upstreamActivity();
        if (tunnel) {
            relayToClient(message);
            return;
        }
        if (current == null || !(message instanceof HttpObject)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse response) {
            responseHead(current, response);
        }
        if (tunnel) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpContent content) {
            responseContent(current, content);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    private void responseHead(Exchange current, HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            current.upstreamReusable = false;
            fail(ProxyError.UPSTREAM_BAD_RESPONSE);
            return;
        }
        int code = response.status().code();
        if (code == 101 && current.upgradeRequested) {
            switchToTunnel(response);
            return;
        }
        if (code >= 100 && code < 200) {
            current.interim = true;
            if (current.clientVersion.equals(HttpVersion.HTTP_1_1)) {
                ctx.write(ResponseHeads.interim(response));
                ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            return;
        }
        current.interim = false;
        current.status = code;
        current.upstreamReusable = HttpUtil.isKeepAlive(response);
        ResponseHeads.Framing framing =
                ResponseHeads.forClient(
                        response, current.method, current.clientVersion, current.keepAlive);
        current.closeAfterResponse |= framing.closeAfter();
        current.responseStarted = true;
        ctx.write(framing.head());
    }

    private void responseContent(Exchange current, HttpContent content) {
        if (current.interim || current.failed) {
            // The end of a 1xx response (already written) or of a response we gave up on.
            current.interim = false;
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // A body the upstream framed wrongly must not reach the client as if it were complete.
            content.release();
            current.upstreamReusable = false;
            fail(ProxyError.UPSTREAM_BAD_RESPONSE);
            return;
        }
        if (content instanceof LastHttpContent last) {
            LastHttpContent out = last;
            if (!last.trailingHeaders().isEmpty()) {
                HopByHopHeaders.strip(last.trailingHeaders(), false);
            }
            // The exchange ends once the last bytes are written, not when they are handed over:
            // a login's answer may be held on the way out, and the next request waits for it.
            current.lastSeen = true;
            timeouts.stop();
            ctx.write(out)
                    .addListener(
                            f -> {
                                current.responseComplete = true;
                                if (exchange == current) {
                                    finishIfDone();
                                }
                            });
        } else {
            ctx.write(content);
        }
    }

    @Override
    public void upstreamReadComplete() {
        ctx.flush();
        Exchange current = exchange;
        if (tunnel || (current != null && !current.lastSeen && current.upstream != null)) {
            readUpstreamIfClientWritable();
        }
    }

    private void readUpstreamIfClientWritable() {
        if (ctx.channel().isWritable()) {
            readUpstream();
        } else if (exchange != null) {
            exchange.upstreamReadPaused = true;
            timeouts.pause();
        }
    }

    private void readUpstream() {
        Exchange current = exchange;
        if (current == null || current.upstream == null) {
            return;
        }
        if (!tunnel) {
            timeouts.awaitUpstream(ctx, this::upstreamTimedOut);
        }
        current.upstream.read();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (ctx.channel().isWritable() && current != null && current.upstreamReadPaused) {
            current.upstreamReadPaused = false;
            readUpstream();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void finishIfDone() {
        Exchange current = exchange;
        if (current == null || !current.responseComplete) {
            return;
        }
        if (!current.requestComplete) {
            // The upstream answered before the request body ended: the rest of it can't be
            // framed for reuse, so both connections close after this response.
            current.closeAfterResponse = true;
            current.upstreamReusable = false;
        }
        exchange = null;
        timeouts.stop();
        proxy.metrics()
                .request(
                        current.method.name(),
                        current.status,
                        current.route,
                        System.nanoTime() - current.startNanos);
        Channel upstream = current.upstream;
        if (upstream != null) {
            if (current.upstreamReusable && !current.failed) {
                proxy.upstreams().release(upstream);
            } else {
                upstream.close();
            }
        }
        if (current.closeAfterResponse || !current.keepAlive || proxy.isDraining()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.flush();
        RequestHeadTimeoutHandler headTimeout = ctx.pipeline().get(RequestHeadTimeoutHandler.class);
        if (headTimeout != null) {
            headTimeout.awaitNextHead();
        }
        readClient();
    }

    /** Ends the exchange with the proxy's own response, or cuts the connection if it has begun. */
    private void fail(ProxyError error) {
        Exchange current = exchange;
        if (current == null) {
            return;
        }
        proxy.metrics().error(error);
        current.failed = true;
        if (current.upstream != null) {
            current.upstream.close();
            current.upstream = null;
        }
        if (current.responseStarted) {
            exchange = null;
            timeouts.stop();
            ctx.close();
            return;
        }
        current.status = error.status().code();
        current.responseStarted = true;
        current.responseComplete = true;
        current.upstreamReusable = false;
        boolean close = !current.requestComplete || !current.keepAlive || proxy.isDraining();
        current.closeAfterResponse = close;
        ctx.write(ResponseHeads.error(error, close));
        finishIfDone();
    }

    @Override
    public void upstreamClosed() {
        Exchange current = exchange;
        if (tunnel) {
            ctx.close();
            return;
        }
        if (current == null || current.lastSeen || current.responseComplete) {
            return;
        }
        if (retryOnFreshConnection(current)) {
            return;
        }
        fail(ProxyError.UPSTREAM_RESET);
    }

    /**
     * A pooled connection the upstream closed just as we reused it: a bodiless request that got no
     * answer at all is sent again on another connection, as an idle-close race is not a failure.
     */
    private boolean retryOnFreshConnection(Exchange current) {
        if (!current.reusedConnection
                || !current.bodiless
                || current.responseStarted
                || current.interim
                || current.retries >= STALE_CONNECTION_RETRIES) {
            return false;
        }
        current.retries++;
        current.upstream = null;
        acquireUpstream();
        return true;
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        if (tunnel) {
            ctx.close();
            return;
        }
        Exchange current = exchange;
        if (current != null
                && !current.lastSeen
                && !current.responseComplete
                && !retryOnFreshConnection(current)) {
            fail(ProxyError.UPSTREAM_RESET);
        }
    }

    private void upstreamTimedOut() {
        if (exchange != null) {
            fail(ProxyError.UPSTREAM_TIMEOUT);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == RequestHeadTimeoutHandler.TIMED_OUT && exchange == null && !tunnel) {
            proxy.metrics().error(ProxyError.REQUEST_TIMEOUT);
            ctx.writeAndFlush(ResponseHeads.error(ProxyError.REQUEST_TIMEOUT, true))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (evt == RequestBodyTimeoutHandler.TIMED_OUT && !tunnel) {
            bodyTimedOut();
        } else if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * The client sent its body too slowly: the exchange ends with a 408 (or a cut connection if the
     * response began), which also frees its upstream connection. With no exchange the body was
     * being read whole for a login route, before anything went upstream.
     */
    private void bodyTimedOut() {
        if (exchange != null) {
            fail(ProxyError.REQUEST_BODY_TIMEOUT);
            return;
        }
        proxy.metrics().error(ProxyError.REQUEST_BODY_TIMEOUT);
        ctx.writeAndFlush(ResponseHeads.error(ProxyError.REQUEST_BODY_TIMEOUT, true))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Object pending;
        while ((pending = pendingClientMessages.poll()) != null) {
            ReferenceCountUtil.release(pending);
        }
        Exchange current = exchange;
        exchange = null;
        timeouts.cancel();
        if (current != null && current.upstream != null) {
            current.upstream.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Whether an exchange is under way, for a graceful shutdown that waits for them. */
    boolean isBusy() {
        return exchange != null || tunnel;
    }

    /** Closes the connection now if it sits idle between requests; otherwise after its response. */
    void closeWhenIdle() {
        if (!isBusy()) {
            ctx.close();
        }
    }

    private void switchToTunnel(HttpResponse response) {
        Exchange current = exchange;
        current.status = 101;
        current.responseStarted = true;
        tunnel = true;
        timeouts.stop();
        ctx.write(ResponseHeads.switchingProtocols(response));
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        proxy.metrics()
                .request(
                        current.method.name(),
                        101,
                        current.route,
                        System.nanoTime() - current.startNanos);
        // Client leftovers released by the switch must wait in the queue until both codecs are
        // gone.
        wantsClientMessage = false;
        TunnelSwitch.apply(ctx.pipeline(), current.upstream.pipeline());
        readClient();
        current.upstream.read();
    }

    private void relayToUpstream(Object msg) {
        Channel upstream = exchange == null ? null : exchange.upstream;
        ByteBuf bytes = TunnelSwitch.bytesOf(msg);
        if (upstream == null || bytes == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        upstream.writeAndFlush(bytes);
        if (upstream.isWritable()) {
            readClient();
        } else {
            exchange.clientReadPaused = true;
        }
    }

    private void relayToClient(Object msg) {
        ByteBuf bytes = TunnelSwitch.bytesOf(msg);
        if (bytes == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.write(bytes);
    }
}
