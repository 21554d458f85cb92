package dev.trickle.server.admin;

import dev.trickle.core.config.Secret;
import dev.trickle.server.netty.FullResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes admin requests by exact path, refuses Host names the admin port does not serve ({@link
 * AdminHosts}, 421) and checks the admin token (Bearer or Basic, see {@link AdminAuth}) where one
 * is configured. A route that blocks runs on {@code blocking} and its response is written back on
 * the connection's event loop; that connection reads nothing more meanwhile and is closed after the
 * response, so a pipelined request can never be answered before it.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    private static final AttributeKey<Boolean> BLOCKED =
            AttributeKey.valueOf(AdminHandler.class, "blocked");

    private final Map<String, AdminRoute> routes;
    private final Optional<AdminAuth> auth;
    private final AdminHosts hosts;
    private final Executor blocking;

    AdminHandler(
            Map<String, AdminRoute> routes,
            Optional<Secret> token,
            AdminHosts hosts,
            Executor blocking) {
        this.routes = routes;
        this.auth = token.map(AdminAuth::new);
        this.hosts = hosts;
        this.blocking = blocking;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (ctx.channel().hasAttr(BLOCKED)) {
            // Decoded from the same read as a blocking request still being handled: dropped, the
            // connection closes once that one is answered.
            return;
        }
        if (request.decoderResult().isFailure()) {
            FullResponses.send(
                    ctx,
                    AdminResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad request\n"),
                    false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        AdminRoute route = routes.get(new QueryStringDecoder(request.uri()).path());
        FullHttpResponse refused = refusal(request, route);
        if (refused != null) {
            FullResponses.send(ctx, refused, keepAlive);
        } else if (route.blocks(request)) {
            handleBlocking(ctx, route, request);
        } else {
            FullResponses.send(ctx, route.handle(request), keepAlive);
        }
    }

    private FullHttpResponse refusal(FullHttpRequest request, AdminRoute route) {
        if (!hosts.accepts(request)) {
            return AdminResponses.text(
                    HttpResponseStatus.MISDIRECTED_REQUEST,
                    "Host not served by the admin port (see admin.allowedHosts)\n");
        }
        if (route == null) {
            return AdminResponses.text(HttpResponseStatus.NOT_FOUND, "Not found\n");
        }
        if (route.mutates(request) && auth.isEmpty()) {
            return AdminResponses.json(
                    HttpResponseStatus.FORBIDDEN,
                    "{\"error\":\"admin.token is not configured: set it to change settings at run"
                            + " time\"}\n");
        }
        if (!route.isPublic()
                && auth.isPresent()
                && !auth.get().accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            return AdminAuth.challenge();
        }
        return null;
    }

    private void handleBlocking(
            ChannelHandlerContext ctx, AdminRoute route, FullHttpRequest request) {
        ctx.channel().attr(BLOCKED).set(Boolean.TRUE);
        ctx.channel().config().setAutoRead(false);
        request.retain();
        try {
            blocking.execute(
                    () -> {
                        FullHttpResponse response;
                        try {
                            response = route.handle(request);
                        } catch (RuntimeException e) {
                            log.warn("admin request {} failed: {}", route.path(), e.getClass());
                            response =
                                    AdminResponses.text(
                                            HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                            "Internal error\n");
                        } finally {
                            request.release();
                        }
                        FullHttpResponse done = response;
                        ctx.executor().execute(() -> FullResponses.send(ctx, done, false));
                    });
        } catch (RejectedExecutionException busy) {
            request.release();
            FullResponses.send(
                    ctx,
                    AdminResponses.text(
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "Busy with earlier changes: try again\n"),
                    false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
