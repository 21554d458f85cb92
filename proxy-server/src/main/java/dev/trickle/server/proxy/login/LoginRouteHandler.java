package dev.trickle.server.proxy.login;

import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import dev.trickle.core.login.LoginRoutes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Sits between the HTTP codec and the proxy handler of a client connection. A request to a login
 * route is read whole (413 beyond the route's limit), handed to the route before it is passed on as
 * one {@link LoginRequest}, and its response is held on the way out while the route inspects it.
 * Everything else goes by untouched. Netty work only: what a login means is the route's business.
 *
 * <pre>
 *   http ─▶ [ read body whole ─▶ route.beforeForward ] ─▶ proxy ─▶ upstream
 *   http ◀─ [ hold response  ◀─ route.afterResponse ] ◀─ proxy ◀─ upstream
 * </pre>
 */
public final class LoginRouteHandler extends ChannelDuplexHandler {
    private final LoginRoutes routes;
    private final ArrayDeque<Object> heldInbound = new ArrayDeque<>();

    private LoginRoute route;
    private HttpRequest head;
    private CompositeByteBuf body;
    private boolean awaitingRoute;
    private boolean downstreamWantsRead;

    /**
     * One entry per request passed on, in order, so each response written back is matched to its
     * request even when requests were pipelined: {@link #PASS} for those not inspected.
     */
    private final ArrayDeque<Inspection> expectedResponses = new ArrayDeque<>();

    private Inspection inspecting;
    private final List<Map.Entry<Object, ChannelPromise>> heldOutbound = new ArrayList<>();
    private HttpResponse heldHead;
    private CompositeByteBuf heldBody;

    private record Inspection(LoginRoute route, LoginAttempt attempt) {}

    private static final Inspection PASS = new Inspection(null, null);

    public LoginRouteHandler(LoginRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingRoute) {
            heldInbound.add(msg);
            return;
        }
        if (head != null) {
            aggregate(ctx, msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            LoginRoute matched = routeOf(request);
            if (matched != null) {
                startLogin(ctx, request, matched, msg);
                return;
            }
        }
        if (msg instanceof HttpRequest) {
            expectedResponses.add(PASS);
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * A path that does not decode (a stray {@code %}) names no login route: the request passes
     * through unchanged for the legacy app to judge, rather than the decoder's exception closing
     * the connection.
     */
    private LoginRoute routeOf(HttpRequest request) {
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return routes.match(request.method().name(), path).orElse(null);
    }

    private void startLogin(
            ChannelHandlerContext ctx, HttpRequest request, LoginRoute matched, Object msg) {
        if (HttpUtil.getContentLength(request, 0L) > matched.maxBodyBytes()) {
            ReferenceCountUtil.release(msg);
            rejectTooLarge(ctx);
            return;
        }
        route = matched;
        head = request;
        body = ctx.alloc().compositeBuffer();
        if (HttpUtil.is100ContinueExpected(request)) {
            // The body is read here, not by the upstream: tell the client to send it now.
            request.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        if (msg instanceof HttpContent) {
            aggregate(ctx, msg);
        } else {
            ctx.read();
        }
    }

    private void aggregate(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpContent content)) {
            ReferenceCountUtil.release(msg);
            ctx.read();
            return;
        }
        if (body.readableBytes() + (long) content.content().readableBytes()
                > route.maxBodyBytes()) {
            content.release();
            resetRequest();
            rejectTooLarge(ctx);
            return;
        }
        body.addComponent(true, content.content().retain());
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (!last) {
            ctx.read();
            return;
        }
        LoginAttempt attempt = attempt(ctx, head, body);
        LoginRequest login = new LoginRequest(head, body, route, attempt);
        LoginRoute current = route;
        head = null;
        body = null;
        route = null;
        awaitingRoute = true;
        whenDone(ctx, current.beforeForward(attempt), current, () -> forward(ctx, login));
    }

    private void forward(ChannelHandlerContext ctx, LoginRequest login) {
        awaitingRoute = false;
        if (!ctx.channel().isActive()) {
            login.release();
            return;
        }
        expectedResponses.add(
                login.route().inspectsResponse()
                        ? new Inspection(login.route(), login.attempt())
                        : PASS);
        ctx.fireChannelRead(login);
        Object next;
        while (!awaitingRoute && head == null && (next = heldInbound.poll()) != null) {
            channelRead(ctx, next);
        }
        if (downstreamWantsRead && heldInbound.isEmpty()) {
            downstreamWantsRead = false;
            ctx.read();
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (awaitingRoute) {
            downstreamWantsRead = true;
            return;
        }
        ctx.read();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (inspecting == null && msg instanceof HttpResponse response && isFinal(response)) {
            Inspection next = expectedResponses.poll();
            if (next != null && next != PASS) {
                inspecting = next;
                heldHead = response;
                heldBody = ctx.alloc().compositeBuffer();
            }
        }
        if (inspecting == null) {
            ctx.write(msg, promise);
            return;
        }
        heldOutbound.add(new AbstractMap.SimpleEntry<>(msg, promise));
        if (msg instanceof HttpContent content) {
            if (heldBody.readableBytes() + (long) content.content().readableBytes()
                    > inspecting.route.maxResponseBytes()) {
                // Too big to be a login answer worth reading: let it all go, uninspected.
                releaseHeld(ctx);
                return;
            }
            heldBody.addComponent(true, content.content().retainedDuplicate());
            if (msg instanceof LastHttpContent) {
                Inspection current = inspecting;
                LegacyResponse response = legacyResponse(heldHead, heldBody);
                whenDone(
                        ctx,
                        current.route.afterResponse(current.attempt, response),
                        current.route,
                        () -> releaseHeld(ctx));
            }
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    private void releaseHeld(ChannelHandlerContext ctx) {
        if (inspecting == null) {
            return;
        }
        inspecting = null;
        heldHead = null;
        if (heldBody != null) {
            heldBody.release();
            heldBody = null;
        }
        for (Map.Entry<Object, ChannelPromise> held : heldOutbound) {
            ctx.write(held.getKey(), held.getValue());
        }
        heldOutbound.clear();
        ctx.flush();
    }

    /**
     * Runs {@code next} on the event loop when the route's stage completes, or when its hold limit
     * runs out, whichever comes first; only once either way.
     */
    private static void whenDone(
            ChannelHandlerContext ctx,
            CompletionStage<Void> stage,
            LoginRoute route,
            Runnable next) {
        boolean[] done = {false};
        Runnable once =
                () -> {
                    if (!done[0]) {
                        done[0] = true;
                        next.run();
                    }
                };
        ScheduledFuture<?> limit =
                ctx.executor().schedule(once, route.maxHold().toNanos(), TimeUnit.NANOSECONDS);
        stage.whenComplete(
                (ignored, error) ->
                        ctx.executor()
                                .execute(
                                        () -> {
                                            limit.cancel(false);
                                            once.run();
                                        }));
    }

    /** Interim responses (100 Continue) precede the real answer to the same request. */
    private static boolean isFinal(HttpResponse response) {
        int code = response.status().code();
        return code >= 200 || code == 101;
    }

    private static void rejectTooLarge(ChannelHandlerContext ctx) {
        byte[] text = "Request body too large\n".getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        Unpooled.wrappedBuffer(text));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void resetRequest() {
        if (body != null) {
            body.release();
        }
        body = null;
        head = null;
        route = null;
    }

    private static LoginAttempt attempt(ChannelHandlerContext ctx, HttpRequest head, ByteBuf body) {
        String peer =
                ctx.channel().remoteAddress() instanceof InetSocketAddress address
                        ? address.getAddress().getHostAddress()
                        : "unknown";
        return new LoginAttempt(
                head.method().name(),
                head.uri(),
                new QueryStringDecoder(head.uri()).path(),
                fields(head.headers()),
                ByteBufUtil.getBytes(body),
                peer);
    }

    private static LegacyResponse legacyResponse(HttpResponse head, ByteBuf body) {
        return new LegacyResponse(
                head.status().code(), fields(head.headers()), ByteBufUtil.getBytes(body));
    }

    private static HttpFields fields(HttpHeaders headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>(headers.size());
        headers.forEach(e -> list.add(Map.entry(e.getKey(), e.getValue())));
        return HttpFields.of(list);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        resetRequest();
        Object held;
        while ((held = heldInbound.poll()) != null) {
            ReferenceCountUtil.release(held);
        }
        if (inspecting != null) {
            inspecting = null;
            for (Map.Entry<Object, ChannelPromise> h : heldOutbound) {
                ReferenceCountUtil.release(h.getKey());
                h.getValue().tryFailure(new java.nio.channels.ClosedChannelException());
            }
            heldOutbound.clear();
            if (heldBody != null) {
                heldBody.release();
                heldBody = null;
            }
        }
        ctx.fireChannelInactive();
    }
}
