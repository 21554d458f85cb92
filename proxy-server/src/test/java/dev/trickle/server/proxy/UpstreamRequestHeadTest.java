package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.config.ForwardedConfig;
import dev.trickle.server.config.UpstreamConfig;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The forwarded head's framing comes from how the body was decoded, even for a head the guard would
 * refuse: a second line of defence if a check is ever loosened.
 */
final class UpstreamRequestHeadTest {
    private final ProxyContext proxy =
            new ProxyContext(
                    new UpstreamConfig(
                            URI.create("http://127.0.0.1:8001"),
                            1,
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            true,
                            Optional.empty()),
                    null,
                    null,
                    new ForwardedHeaders(new ForwardedConfig(List.of()), false),
                    LoginRoutes.none(),
                    new AccessLog(false));
    private final ClientPeer peer = ClientPeer.of(new InetSocketAddress("192.0.2.9", 40000));

    @Test
    void aLengthNamedByConnectionIsStillSentUpstream() {
        HttpRequest request = post("Content-Length");
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, "5");
        Exchange exchange = new Exchange(request, 0);

        HttpRequest out = UpstreamRequestHead.of(request, exchange, peer, proxy);

        assertThat(out.headers().getAll(HttpHeaderNames.CONTENT_LENGTH)).containsExactly("5");
        assertThat(out.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
        assertThat(exchange.bodiless).isFalse();
    }

    @Test
    void chunkedFramingAndTheHostSurviveBeingNamedByConnection() {
        HttpRequest request = post("Transfer-Encoding, Host");
        request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        Exchange exchange = new Exchange(request, 0);

        HttpRequest out = UpstreamRequestHead.of(request, exchange, peer, proxy);

        assertThat(out.headers().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
        assertThat(out.headers().get(HttpHeaderNames.HOST)).isEqualTo("app.example");
        assertThat(exchange.bodiless).isFalse();
    }

    @Test
    void aRequestWithoutFramingIsBodiless() {
        HttpRequest request = post("keep-alive");
        Exchange exchange = new Exchange(request, 0);

        HttpRequest out = UpstreamRequestHead.of(request, exchange, peer, proxy);

        assertThat(out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(exchange.bodiless).isTrue();
        assertThat(out.headers().get("X-Forwarded-For")).isEqualTo("192.0.2.9");
    }

    private static HttpRequest post(String connection) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x");
        request.headers().set(HttpHeaderNames.HOST, "app.example");
        request.headers().set(HttpHeaderNames.CONNECTION, connection);
        return request;
    }
}
