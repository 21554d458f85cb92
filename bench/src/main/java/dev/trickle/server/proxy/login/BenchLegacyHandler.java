package dev.trickle.server.proxy.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.netty.FullResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The routes of {@link BenchLegacyApp}. */
@ChannelHandler.Sharable
final class BenchLegacyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        String body = request.content().toString(StandardCharsets.UTF_8);
        FullHttpResponse response;
        if (!request.method().equals(HttpMethod.POST)) {
            response = FullResponses.of(HttpResponseStatus.NOT_FOUND, "text/plain", "not found");
        } else if (path.equals("/api/login") || path.equals("/unrouted/api/login")) {
            response = jsonLogin(body);
        } else if (path.equals("/login") || path.equals("/unrouted/login")) {
            response = formLogin(body);
        } else {
            response = FullResponses.of(HttpResponseStatus.NOT_FOUND, "text/plain", "not found");
        }
        FullResponses.send(ctx, response, HttpUtil.isKeepAlive(request));
    }

    private static FullHttpResponse jsonLogin(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return FullResponses.of(HttpResponseStatus.BAD_REQUEST, "application/json", "{}");
        }
        String email = json.path("email").asText("");
        OptionalLong id =
                verified(
                        email.endsWith("@bench.test")
                                ? email.substring(0, email.length() - "@bench.test".length())
                                : "",
                        json.path("password").asText(""));
        if (id.isEmpty()) {
            return FullResponses.of(
                    HttpResponseStatus.UNAUTHORIZED,
                    "application/json",
                    "{\"error\":\"invalid credentials\"}");
        }
        long n = id.getAsLong();
        return FullResponses.of(
                HttpResponseStatus.OK,
                "application/json",
                "{\"user\":{\"id\":"
                        + n
                        + ",\"email\":\"u"
                        + n
                        + "@bench.test\",\"username\":\"u"
                        + n
                        + "\"}}");
    }

    private static FullHttpResponse formLogin(String body) {
        var form = new QueryStringDecoder(body, false).parameters();
        OptionalLong id = verified(first(form.get("username")), first(form.get("password")));
        if (id.isEmpty()) {
            return FullResponses.of(HttpResponseStatus.OK, "text/html", "<form>try again</form>");
        }
        FullHttpResponse response = FullResponses.of(HttpResponseStatus.FOUND, "text/plain", "");
        response.headers()
                .set(HttpHeaderNames.LOCATION, "/account")
                .set(HttpHeaderNames.SET_COOKIE, "sessionid=s" + id.getAsLong() + "; Path=/");
        return response;
    }

    /** The id of user {@code uN} if the password is theirs. */
    private static OptionalLong verified(String username, String password) {
        if (username.length() < 2 || username.charAt(0) != 'u') {
            return OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(username.substring(1));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return BenchLegacyApp.password(id).equals(password)
                ? OptionalLong.of(id)
                : OptionalLong.empty();
    }

    private static String first(List<String> values) {
        return Optional.ofNullable(values).filter(v -> !v.isEmpty()).map(v -> v.get(0)).orElse("");
    }
}
