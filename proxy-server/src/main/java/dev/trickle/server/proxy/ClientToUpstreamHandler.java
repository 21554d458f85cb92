package dev.trickle.server.proxy;

import dev.trickle.server.proxy.login.LoginRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * Streams one client connection's requests to pooled upstream connections and the responses back,
 * one {@link Exchange} at a time, so pipelined requests are answered in order. Last in the client
 * pipeline; a 101 response hands the connection to a {@link ClientTunnelHandler} in its place.
 *
 * <pre>
 *   client ──read one HttpObject──▶ RequestRelay ──write──▶ upstream  (next read only once the
 *   client ◀──write── ResponseRelay ◀──read── upstream                other side can take more)
 * </pre>
 *
 * Neither side's auto-read is on: the client is read again only when the upstream is writable and
 * the upstream only when the client is, so a slow peer on either side stalls its partner instead of
 * filling the heap. An exchange ends when both the request and the response are complete; then the
 * upstream connection goes back to the pool and the next request is read.
 */
final class ClientToUpstreamHandler extends ChannelInboundHandlerAdapter
        implements UpstreamConnector.Client, RequestRelay.Outcomes, ResponseRelay.Outcomes {
    static final String ROUTE_PASSTHROUGH = "passthrough";
    static final String ROUTE_LOGIN = "login";

    private final ProxyContext proxy;
    private final Timeouts timeouts;
    private ChannelHandlerContext ctx;
    private ClientReads reads;
    private UpstreamConnector connector;
    private RequestRelay toUpstream;
    private ResponseRelay toClient;
    private ClientPeer peer;
    private Exchange exchange;

    ClientToUpstreamHandler(ProxyContext proxy) {
        this.proxy = proxy;
        this.timeouts = new Timeouts(proxy.upstream().responseTimeout());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.reads = new ClientReads(ctx, this::handleClientMessage);
        this.connector = new UpstreamConnector(proxy.upstreams(), ctx.channel().eventLoop(), this);
        this.toClient = new ResponseRelay(ctx, timeouts, this);
        this.toUpstream = new RequestRelay(ctx, reads, toClient, this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        reads.next();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads.received(msg);
    }

    private void handleClientMessage(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (msg instanceof HttpContent whole) {
                // A request read whole (a login): its body waits its turn like a separate message.
                reads.handFirst(
                        new DefaultLastHttpContent(
                                whole.content(),
                                whole instanceof LastHttpContent last
                                        ? last.trailingHeaders()
                                        : EmptyHttpHeaders.INSTANCE));
            }
            startExchange(request);
        } else if (msg instanceof HttpContent content) {
            toUpstream.content(exchange, content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startExchange(HttpRequest request) {
        RequestHeadTimeoutHandler headTimeout = ctx.pipeline().get(RequestHeadTimeoutHandler.class);
        if (headTimeout != null) {
            headTimeout.headReceived();
        }
        Exchange current = new Exchange(request, System.nanoTime());
        exchange = current;
        if (request instanceof LoginRequest) {
            current.route = ROUTE_LOGIN;
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            current.requestComplete = true;
            fail(ProxyError.forCause(result.cause()));
            return;
        }
        current.keepAlive = HttpUtil.isKeepAlive(request) && !proxy.isDraining();
        if (peer == null) {
            peer = ClientPeer.of((InetSocketAddress) ctx.channel().remoteAddress());
        }
        current.forwarded = UpstreamRequestHead.of(request, current, peer, proxy);
        connector.connect(current);
    }

    @Override
    public boolean wants(Exchange candidate) {
        return candidate == exchange && ctx.channel().isActive();
    }

    @Override
    public void connectFailed(Exchange failed, Throwable cause) {
        if (failed == exchange) {
            fail(ProxyError.forCause(cause));
        }
    }

    @Override
    public void connected(Exchange current) {
        toUpstream.head(current);
    }

    @Override
    public void writeFailed(Exchange current, Channel upstream, Throwable cause) {
        if (current == exchange && current.upstream == upstream) {
            upstreamFailed(cause);
        }
    }

    @Override
    public void requestEnded() {
        finishIfDone();
    }

    @Override
    public void upstreamWritable() {
        if (exchange != null) {
            toUpstream.upstreamWritable(exchange);
        }
    }

    @Override
    public void upstreamRead(Object message) {
        Exchange current = exchange;
        timeouts.upstreamActivity();
        if (current == null || !(message instanceof HttpObject object)) {
            ReferenceCountUtil.release(message);
            return;
        }
        toClient.relay(current, object);
    }

    @Override
    public void upstreamReadComplete() {
        toClient.readComplete(exchange);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && exchange != null) {
            toClient.clientWritable(exchange);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void responseWritten(Exchange current) {
        if (exchange == current) {
            finishIfDone();
        }
    }

    private void finishIfDone() {
        Exchange current = exchange;
        if (current == null || !current.isDone()) {
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
        recordRequest(current);
        Channel upstream = current.upstream;
        if (upstream != null) {
            if (current.upstreamReusable) {
                connector.release(upstream);
            } else {
                connector.discard(upstream);
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
        reads.next();
    }

    private void recordRequest(Exchange current) {
        proxy.metrics()
                .request(
                        current.method.name(),
                        current.status,
                        current.route,
                        System.nanoTime() - current.startNanos);
        proxy.accessLog().record(current, peer, false);
    }

    /** Ends the exchange with the proxy's own response, or cuts the connection if it has begun. */
    @Override
    public void fail(ProxyError error) {
        Exchange current = exchange;
        if (current == null) {
            return;
        }
        proxy.metrics().error(error);
        if (current.upstream != null) {
            connector.discard(current.upstream);
            current.upstream = null;
        }
        if (current.hasResponseStarted()) {
            exchange = null;
            timeouts.stop();
            proxy.accessLog().record(current, peer, true);
            ctx.close();
            return;
        }
        current.status = error.status().code();
        current.upstreamReusable = false;
        boolean close = !current.requestComplete || !current.keepAlive || proxy.isDraining();
        current.closeAfterResponse = close;
        current.responseWritten();
        ctx.write(ResponseHeads.error(error, close));
        finishIfDone();
    }

    @Override
    public void upstreamClosed() {
        Exchange current = exchange;
        if (current == null || current.hasResponseEnded() || connector.retryIfStale(current)) {
            return;
        }
        fail(ProxyError.UPSTREAM_RESET);
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        upstreamClosed();
    }

    @Override
    public void switchToTunnel(Exchange current, HttpResponse response) {
        exchange = null;
        timeouts.cancel();
        ctx.write(ResponseHeads.switchingProtocols(response));
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        recordRequest(current);
        ClientTunnelHandler tunnel = new ClientTunnelHandler(current.upstream, reads);
        ctx.pipeline().replace(this, "tunnel", tunnel);
        tunnel.open();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == RequestHeadTimeoutHandler.TIMED_OUT && exchange == null) {
            refuse(ProxyError.REQUEST_TIMEOUT);
        } else if (evt == RequestBodyTimeoutHandler.TIMED_OUT) {
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
        } else {
            refuse(ProxyError.REQUEST_BODY_TIMEOUT);
        }
    }

    /** Answers with no exchange under way, then closes. */
    private void refuse(ProxyError error) {
        proxy.metrics().error(error);
        ctx.writeAndFlush(ResponseHeads.error(error, true))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reads.releaseAll();
        Exchange current = exchange;
        exchange = null;
        timeouts.cancel();
        if (current != null && current.upstream != null) {
            connector.discard(current.upstream);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Whether an exchange is under way, for a graceful shutdown that waits for them. */
    boolean isBusy() {
        return exchange != null;
    }

    /** Closes the connection now if it sits idle between requests; otherwise after its response. */
    void closeWhenIdle() {
        if (!isBusy()) {
            ctx.close();
        }
    }
}
