package dev.trickle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.Secret;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class DashboardRoutesTest {
    private static final String TOKEN = "dash-token";
    private static final List<String> ASSETS =
            List.of("/", "/dashboard.js", "/dashboard.css", "/favicon.svg");

    private final EmbeddedChannel channel = new EmbeddedChannel(handler());

    private static AdminHandler handler() {
        Map<String, AdminRoute> routes = new HashMap<>();
        for (AdminRoute route : DashboardRoutes.of()) {
            routes.put(route.path(), route);
        }
        routes.put("/health/live", HealthRoutes.live());
        return new AdminHandler(
                Map.copyOf(routes),
                Optional.of(Secret.of(TOKEN)),
                AdminHosts.of("127.0.0.1", List.of()),
                Runnable::run);
    }

    @AfterEach
    void noLeaks() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void thePageAsksABrowserForBasicCredentialsAndTakesTheTokenAsPassword() {
        FullHttpResponse anonymous = send(HttpMethod.GET, "/", null);
        assertThat(anonymous.status().code()).isEqualTo(401);
        assertThat(anonymous.headers().getAll("WWW-Authenticate"))
                .contains("Basic realm=\"trickle-admin\", charset=\"UTF-8\"");
        anonymous.release();

        for (String asset : ASSETS) {
            FullHttpResponse wrong = send(HttpMethod.GET, asset, basic("ops", "nope"));
            assertThat(wrong.status().code()).as(asset).isEqualTo(401);
            wrong.release();
            FullHttpResponse ok = send(HttpMethod.GET, asset, basic("ops", TOKEN));
            assertThat(ok.status().code()).as(asset).isEqualTo(200);
            ok.release();
            FullHttpResponse bearer = send(HttpMethod.GET, asset, "Bearer " + TOKEN);
            assertThat(bearer.status().code()).as(asset).isEqualTo(200);
            bearer.release();
        }
        FullHttpResponse health = send(HttpMethod.GET, "/health/live", null);
        assertThat(health.status().code()).isEqualTo(200);
        health.release();
    }

    @Test
    void everyFileCarriesTheSecurityHeadersAndItsOwnType() {
        Map<String, String> types =
                Map.of(
                        "/", "text/html; charset=utf-8",
                        "/dashboard.js", "text/javascript; charset=utf-8",
                        "/dashboard.css", "text/css; charset=utf-8",
                        "/favicon.svg", "image/svg+xml");
        for (String asset : ASSETS) {
            FullHttpResponse response = send(HttpMethod.GET, asset, basic("", TOKEN));
            assertThat(response.headers().get("Content-Type"))
                    .as(asset)
                    .isEqualTo(types.get(asset));
            assertThat(response.headers().get("Content-Security-Policy"))
                    .as(asset)
                    .isEqualTo(
                            "default-src 'none'; script-src 'self'; style-src 'self';"
                                    + " img-src 'self'; connect-src 'self'; base-uri 'none';"
                                    + " form-action 'none'; frame-ancestors 'none'");
            assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.headers().get("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.headers().get("Cache-Control")).isEqualTo("no-store");
            assertThat(response.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
            response.release();
        }
    }

    /**
     * The policy forbids inline code, so the page must load everything from its own files; and it
     * must stay self-contained, since the admin port often has no way out.
     */
    @Test
    void thePageHasNoInlineCodeAndLoadsNothingFromElsewhere() {
        String page = body("/");
        Matcher scripts =
                Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"dashboard.js\"");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isEqualTo(1);
        assertThat(page).doesNotContain("<style", " style=", " onclick=", " onload=");
        for (String asset : ASSETS) {
            String text = body(asset);
            assertThat(text.replace("http://www.w3.org/2000/svg", ""))
                    .as(asset)
                    .doesNotContain("http://", "https://", "//cdn", "@import");
        }
    }

    @Test
    void theScriptRendersDataWithoutParsingItAsMarkup() {
        assertThat(body("/dashboard.js"))
                .contains("textContent")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write")
                .doesNotContain("eval(", "new Function");
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        FullHttpResponse post = send(HttpMethod.POST, "/", "Bearer " + TOKEN);
        assertThat(post.status().code()).isEqualTo(405);
        assertThat(post.headers().get("Allow")).isEqualTo("GET, HEAD");
        post.release();
    }

    private String body(String path) {
        FullHttpResponse response = send(HttpMethod.GET, path, "Bearer " + TOKEN);
        assertThat(response.status().code()).isEqualTo(200);
        String body = response.content().toString(StandardCharsets.UTF_8);
        response.release();
        return body;
    }

    private FullHttpResponse send(HttpMethod method, String path, String authorization) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path);
        request.headers().set("Host", "127.0.0.1:9090");
        if (authorization != null) {
            request.headers().set("Authorization", authorization);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).isNotNull();
        return response;
    }

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
