package dev.trickle.server.proxy;

import dev.trickle.core.login.RequestId;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Gives every request one {@code X-Request-Id}: the client's (or its load balancer's) when it is a
 * safe token, else a fresh one. The legacy app receives it, and the login path's log lines and the
 * access log carry the same id, so one request can be followed through all three.
 */
@ChannelHandler.Sharable
final class RequestIdHandler extends ChannelInboundHandlerAdapter {
    static final RequestIdHandler INSTANCE = new RequestIdHandler();

    private RequestIdHandler() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String id = RequestId.accept(request.headers().get(RequestId.HEADER));
            request.headers().set(RequestId.HEADER, id);
        }
        ctx.fireChannelRead(msg);
    }
}
