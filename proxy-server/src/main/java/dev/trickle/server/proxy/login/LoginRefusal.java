package dev.trickle.server.proxy.login;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The answers Trickle gives a login request itself, never forwarded: the connection closes after
 * them, since the rest of the request (or the next one) may not have been read.
 */
final class LoginRefusal {
    private LoginRefusal() {}

    static FullHttpResponse tooLarge() {
        return of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large");
    }

    /**
     * @param reason names a field or a rule, never a value the client sent
     */
    static FullHttpResponse of(int status, String reason) {
        return of(HttpResponseStatus.valueOf(status), "Login request refused: " + reason);
    }

    private static FullHttpResponse of(HttpResponseStatus status, String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
