package dev.trickle.server.proxy.login;

import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A login request read whole, passed down the pipeline as one message; the proxy handler tags its
 * metrics with the route kind because of this type.
 */
public final class LoginRequest extends DefaultFullHttpRequest {
    private final LoginRoute route;
    private final LoginAttempt attempt;

    LoginRequest(HttpRequest head, ByteBuf body, LoginRoute route, LoginAttempt attempt) {
        super(head.protocolVersion(), head.method(), head.uri(), body, head.headers(), trailers());
        this.route = route;
        this.attempt = attempt;
    }

    private static io.netty.handler.codec.http.HttpHeaders trailers() {
        return new io.netty.handler.codec.http.DefaultHttpHeaders();
    }

    public LoginRoute route() {
        return route;
    }

    LoginAttempt attempt() {
        return attempt;
    }
}
