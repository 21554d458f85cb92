package dev.trickle.server.admin;

import dev.trickle.core.config.Secret;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.Optional;

/**
 * Routes admin requests by exact path and checks the admin token (Bearer or Basic, see {@link
 * AdminAuth}) where one is configured.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, AdminRoute> routes;
    private final Optional<AdminAuth> auth;

    AdminHandler(Map<String, AdminRoute> routes, Optional<Secret> token) {
        this.routes = routes;
        this.auth = token.map(AdminAuth::new);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (request.decoderResult().isFailure()) {
            response = AdminResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad request\n");
        } else {
            response = route(request);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !request.decoderResult().isFailure();
        HttpUtil.setKeepAlive(response, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse route(FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        AdminRoute route = routes.get(path);
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
        return route.handle(request);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
