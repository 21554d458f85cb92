package dev.trickle.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.netty.FullResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/** Routes of {@link DemoLegacyApp}. */
final class DemoLegacyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DemoLegacyApp app;
    private final ExecutorService hashing;

    DemoLegacyHandler(DemoLegacyApp app, ExecutorService hashing) {
        this.app = app;
        this.hashing = hashing;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (path.equals("/login") && request.method().equals(HttpMethod.GET)) {
            String token = randomToken();
            FullHttpResponse page = html(HttpResponseStatus.OK, loginForm(token, null));
            page.headers()
                    .add(
                            HttpHeaderNames.SET_COOKIE,
                            ServerCookieEncoder.STRICT.encode(cookie("csrftoken", token)));
            FullResponses.send(ctx, page, keepAlive);
        } else if (path.equals("/login") && request.method().equals(HttpMethod.POST)) {
            formLogin(ctx, request, keepAlive);
        } else if (path.equals("/api/login") && request.method().equals(HttpMethod.POST)) {
            jsonLogin(ctx, request, keepAlive);
        } else if (path.equals("/account")) {
            Long userId = app.sessions.get(cookies(request).getOrDefault("sessionid", ""));
            if (userId == null) {
                FullResponses.send(ctx, redirect("/login"), keepAlive);
            } else {
                FullResponses.send(
                        ctx,
                        html(
                                HttpResponseStatus.OK,
                                "<h1>Your account</h1><p>user #" + userId + "</p>"),
                        keepAlive);
            }
        } else if (path.equals("/")) {
            FullResponses.send(
                    ctx,
                    html(HttpResponseStatus.OK, "<h1>Legacy app</h1><a href=\"/login\">Log in</a>"),
                    keepAlive);
        } else {
            FullResponses.send(
                    ctx, html(HttpResponseStatus.NOT_FOUND, "<h1>Not found</h1>"), keepAlive);
        }
    }

    private void formLogin(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        Map<String, List<String>> form =
                new QueryStringDecoder(request.content().toString(StandardCharsets.UTF_8), false)
                        .parameters();
        String csrfCookie = cookies(request).get("csrftoken");
        String csrfField = first(form, "csrfmiddlewaretoken");
        if (csrfCookie == null
                || csrfField == null
                || !MessageDigest.isEqual(
                        csrfCookie.getBytes(StandardCharsets.UTF_8),
                        csrfField.getBytes(StandardCharsets.UTF_8))) {
            FullResponses.send(
                    ctx,
                    html(HttpResponseStatus.FORBIDDEN, "<h1>CSRF verification failed</h1>"),
                    keepAlive);
            return;
        }
        String username = first(form, "username");
        String password = first(form, "password");
        authenticate(
                ctx,
                username,
                password,
                user -> {
                    if (user.isEmpty()) {
                        return html(
                                HttpResponseStatus.OK,
                                loginForm(
                                        csrfCookie,
                                        "Please enter a correct username and password."));
                    }
                    FullHttpResponse response = redirect("/account");
                    response.headers()
                            .add(
                                    HttpHeaderNames.SET_COOKIE,
                                    ServerCookieEncoder.STRICT.encode(session(user.get())));
                    return response;
                },
                keepAlive);
    }

    private void jsonLogin(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        JsonNode body;
        try {
            body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            FullResponses.send(
                    ctx,
                    json(HttpResponseStatus.BAD_REQUEST, "{\"error\":\"malformed JSON\"}"),
                    keepAlive);
            return;
        }
        authenticate(
                ctx,
                body.path("email").asText(null),
                body.path("password").asText(null),
                user -> {
                    if (user.isEmpty()) {
                        return json(
                                HttpResponseStatus.UNAUTHORIZED,
                                "{\"error\":\"invalid credentials\"}");
                    }
                    DemoUser u = user.get();
                    var node = JSON.createObjectNode();
                    node.putObject("user")
                            .put("id", u.id())
                            .put("username", u.username())
                            .put("email", u.email())
                            .put("first_name", u.firstName())
                            .put("last_name", u.lastName());
                    FullHttpResponse response = json(HttpResponseStatus.OK, node.toString());
                    response.headers()
                            .add(
                                    HttpHeaderNames.SET_COOKIE,
                                    ServerCookieEncoder.STRICT.encode(session(u)));
                    return response;
                },
                keepAlive);
    }

    private void authenticate(
            ChannelHandlerContext ctx,
            String login,
            String password,
            java.util.function.Function<Optional<DemoUser>, FullHttpResponse> respond,
            boolean keepAlive) {
        if (login == null || password == null) {
            ctx.executor()
                    .execute(
                            () ->
                                    FullResponses.send(
                                            ctx, respond.apply(Optional.empty()), keepAlive));
            app.loginsFailed.incrementAndGet();
            return;
        }
        hashing.execute(
                () -> {
                    Optional<DemoUser> user;
                    try {
                        user = app.users.authenticate(login, password);
                    } catch (SQLException e) {
                        ctx.executor()
                                .execute(
                                        () ->
                                                FullResponses.send(
                                                        ctx,
                                                        html(
                                                                HttpResponseStatus
                                                                        .INTERNAL_SERVER_ERROR,
                                                                "<h1>Server error</h1>"),
                                                        false));
                        return;
                    }
                    (user.isPresent() ? app.loginsSucceeded : app.loginsFailed).incrementAndGet();
                    ctx.executor()
                            .execute(() -> FullResponses.send(ctx, respond.apply(user), keepAlive));
                });
    }

    private Cookie session(DemoUser user) {
        String id = randomToken();
        app.sessions.put(id, user.id());
        DefaultCookie cookie = cookie("sessionid", id);
        cookie.setHttpOnly(true);
        return cookie;
    }

    private static DefaultCookie cookie(String name, String value) {
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setPath("/");
        return cookie;
    }

    private static Map<String, String> cookies(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return Map.of();
        }
        Set<Cookie> decoded = ServerCookieDecoder.STRICT.decode(header);
        Map<String, String> out = new java.util.HashMap<>();
        decoded.forEach(c -> out.put(c.name(), c.value()));
        return out;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String loginForm(String csrf, String error) {
        return "<h1>Log in</h1>"
                + (error == null ? "" : "<p class=\"error\">" + error + "</p>")
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\""
                + csrf
                + "\">"
                + "<input name=\"username\"><input name=\"password\" type=\"password\">"
                + "<button>Log in</button></form>";
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static FullHttpResponse html(HttpResponseStatus status, String body) {
        return FullResponses.of(status, "text/html; charset=utf-8", body);
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        return FullResponses.of(status, "application/json", body);
    }

    private static FullHttpResponse redirect(String location) {
        FullHttpResponse response = FullResponses.of(HttpResponseStatus.FOUND, "text/plain", "");
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }
}
