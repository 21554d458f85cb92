package dev.trickle.server.admin;

import dev.trickle.server.netty.FullResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Builds the admin port's complete responses. */
public final class AdminResponses {
    private AdminResponses() {}

    public static FullHttpResponse of(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = FullResponses.of(status, contentType, body);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        return of(status, "text/plain; charset=utf-8", body);
    }

    public static FullHttpResponse json(HttpResponseStatus status, String body) {
        return of(status, "application/json", body);
    }
}
