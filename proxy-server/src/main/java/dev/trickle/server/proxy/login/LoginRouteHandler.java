package dev.trickle.server.proxy.login;

import dev.trickle.core.login.Forwarding;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import dev.trickle.core.login.LoginRoutes;
import dev.trickle.core.login.RouteMatch;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sits between the HTTP codec and the proxy handler of a client connection. A request to a login
 * route is read whole (413 beyond the route's limit), handed to the route, and then forwarded as
 * one {@link LoginRequest}, or refused when the route (or the route table, for a target stacks read
 * differently) says so; its response is held on the way out while the route inspects it. Everything
 * else goes by untouched. Netty work only: what a login means is the route's business.
 *
 * <pre>
 *   http ─▶ [ read body whole ─▶ route.beforeForward ] ─▶ proxy ─▶ upstream
 *   http ◀─ [ hold response  ◀─ inspection         ] ◀─ proxy ◀─ upstream
 * </pre>
 *
 * <p>A refusal is answered in its turn: after the responses to every request before it, then the
 * connection closes, and nothing read after it goes anywhere.
 */
public final class LoginRouteHandler extends ChannelDuplexHandler {
    private final LoginRoutes routes;
    private final ArrayDeque<Object> heldInbound = new ArrayDeque<>();

    private LoginRoute route;
    private HttpRequest head;
    private CompositeByteBuf body;
    private boolean awaitingRoute;
    private boolean downstreamWantsRead;

    /** Once a request is refused nothing more is read or forwarded on this connection. */
    private boolean refused;

    /** The answer to the refused request, until every earlier response has gone out. */
    private FullHttpResponse refusal;

    /**
     * One entry per request passed on, in order, so each response written back is matched to its
     * request even when requests were pipelined: {@link #PASS} for those not inspected.
     */
    private final ArrayDeque<Expected> expectedResponses = new ArrayDeque<>();

    /** A final response has started through {@link #write} and not ended yet. */
    private boolean midResponse;

    private Expected inspecting;
    private final List<Map.Entry<Object, ChannelPromise>> heldOutbound = new ArrayList<>();
    private HttpResponse heldHead;
    private CompositeByteBuf heldBody;

    private record Expected(LoginRoute route, Forwarding.Inspection inspection) {}

    private static final Expected PASS = new Expected(null, null);

    public LoginRouteHandler(LoginRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (awaitingRoute) {
            heldInbound.add(msg);
            return;
        }
        if (head != null) {
            aggregate(ctx, msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            RouteMatch match = routes.match(request.method().name(), request.uri());
            if (match instanceof RouteMatch.Login login) {
                startLogin(ctx, request, login.route(), msg);
                return;
            }
            if (match instanceof RouteMatch.Ambiguous ambiguous) {
                ReferenceCountUtil.release(msg);
                ambiguous.route().refusedAsAmbiguous(ambiguous.reason());
                refuse(ctx, LoginRefusal.of(400, ambiguous.reason()));
                return;
            }
        }
        if (msg instanceof HttpRequest) {
            expectedResponses.add(PASS);
        }
        ctx.fireChannelRead(msg);
    }

    private void startLogin(
            ChannelHandlerContext ctx, HttpRequest request, LoginRoute matched, Object msg) {
        if (HttpUtil.getContentLength(request, 0L) > matched.maxBodyBytes()) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, LoginRefusal.tooLarge());
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
        if (content.decoderResult().isFailure()) {
            // A body that cannot be framed is not a login: the route never sees it. The head goes
            // on marked with the failure, so the proxy answers it in turn and closes.
            HttpRequest refused = head;
            refused.setDecoderResult(content.decoderResult());
            content.release();
            resetRequest();
            expectedResponses.add(PASS);
            ctx.fireChannelRead(refused);
            return;
        }
        if (body.readableBytes() + (long) content.content().readableBytes()
                > route.maxBodyBytes()) {
            content.release();
            resetRequest();
            refuse(ctx, LoginRefusal.tooLarge());
            return;
        }
        body.addComponent(true, content.content().retain());
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (!last) {
            ctx.read();
            return;
        }
        LoginAttempt attempt = LoginMessages.attempt(ctx, head, body);
        LoginRequest login = new LoginRequest(head, body, route, attempt);
        LoginRoute current = route;
        head = null;
        body = null;
        route = null;
        awaitingRoute = true;
        RouteStages.whenDone(
                ctx,
                current.beforeForward(attempt),
                current,
                Forwarding.UNHELD,
                forwarding -> forward(ctx, login, forwarding));
    }

    private void forward(ChannelHandlerContext ctx, LoginRequest login, Forwarding forwarding) {
        awaitingRoute = false;
        if (!ctx.channel().isActive()) {
            login.release();
            return;
        }
        if (forwarding instanceof Forwarding.Refused refused) {
            login.release();
            refuse(ctx, LoginRefusal.of(refused.status(), refused.reason()));
            return;
        }
        expectedResponses.add(
                forwarding instanceof Forwarding.Held held
                        ? new Expected(login.route(), held.inspection())
                        : PASS);
        ctx.fireChannelRead(login);
        Object next;
        while (!awaitingRoute && !refused && head == null && (next = heldInbound.poll()) != null) {
            channelRead(ctx, next);
        }
        if (downstreamWantsRead && heldInbound.isEmpty() && !refused) {
            downstreamWantsRead = false;
            ctx.read();
        }
    }

    /** Stops reading; the answer goes out once every earlier response has. */
    private void refuse(ChannelHandlerContext ctx, FullHttpResponse response) {
        refused = true;
        refusal = response;
        Object held;
        while ((held = heldInbound.poll()) != null) {
            ReferenceCountUtil.release(held);
        }
        sendRefusalIfDue(ctx);
    }

    private void sendRefusalIfDue(ChannelHandlerContext ctx) {
        if (refusal != null
                && !midResponse
                && inspecting == null
                && expectedResponses.isEmpty()
                && ctx.channel().isActive()) {
            FullHttpResponse answer = refusal;
            refusal = null;
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (refused) {
            return;
        }
        if (awaitingRoute) {
            downstreamWantsRead = true;
            return;
        }
        ctx.read();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (inspecting == null && msg instanceof HttpResponse response && isFinal(response)) {
            midResponse = true;
            Expected next = expectedResponses.poll();
            if (next != null && next != PASS) {
                inspecting = next;
                heldHead = response;
                heldBody = ctx.alloc().compositeBuffer();
            }
        }
        if (inspecting == null) {
            ctx.write(msg, promise);
            if (msg instanceof LastHttpContent && midResponse) {
                midResponse = false;
                sendRefusalIfDue(ctx);
            }
            return;
        }
        heldOutbound.add(new AbstractMap.SimpleEntry<>(msg, promise));
        if (msg instanceof HttpContent content) {
            if (heldBody.readableBytes() + (long) content.content().readableBytes()
                    > inspecting.route().maxResponseBytes()) {
                // Too big to be a login answer worth reading: let it all go, uninspected.
                releaseHeld(ctx);
                return;
            }
            heldBody.addComponent(true, content.content().retainedDuplicate());
            if (msg instanceof LastHttpContent) {
                midResponse = false;
                LegacyResponse response = LoginMessages.legacyResponse(heldHead, heldBody);
                RouteStages.whenDone(
                        ctx,
                        inspecting.inspection().inspect(response),
                        inspecting.route(),
                        null,
                        ignored -> releaseHeld(ctx));
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
        sendRefusalIfDue(ctx);
    }

    /** Interim responses (100 Continue) precede the real answer to the same request. */
    private static boolean isFinal(HttpResponse response) {
        int code = response.status().code();
        return code >= 200 || code == 101;
    }

    private void resetRequest() {
        if (body != null) {
            body.release();
        }
        body = null;
        head = null;
        route = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        resetRequest();
        Object held;
        while ((held = heldInbound.poll()) != null) {
            ReferenceCountUtil.release(held);
        }
        if (refusal != null) {
            refusal.release();
            refusal = null;
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
