package dev.trickle.server.proxy.login;

import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A login's Netty messages as the core sees them: copies, so the buffers can go. */
final class LoginMessages {
    private LoginMessages() {}

    static LoginAttempt attempt(ChannelHandlerContext ctx, HttpRequest head, ByteBuf body) {
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

    static LegacyResponse legacyResponse(HttpResponse head, ByteBuf body) {
        return new LegacyResponse(
                head.status().code(), fields(head.headers()), ByteBufUtil.getBytes(body));
    }

    static HttpFields fields(HttpHeaders headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>(headers.size());
        headers.forEach(e -> list.add(Map.entry(e.getKey(), e.getValue())));
        return HttpFields.of(list);
    }
}
