package dev.trickle.server.proxy.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.login.LoginRoutes;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The handler on its own, for what needs no upstream (found by ClientPipelineFuzzTest). */
final class LoginRouteHandlerTest {
    private final RecordingLoginRoute route = new RecordingLoginRoute(1024, Duration.ofSeconds(5));
    private final LoginRoutes routes =
            (method, path) ->
                    method.equals("POST") && path.equals("/login")
                            ? Optional.of(route)
                            : Optional.empty();

    @Test
    void aPathThatDoesNotDecodePassesThroughInsteadOfClosingTheConnection() {
        EmbeddedChannel channel =
                new EmbeddedChannel(new HttpServerCodec(), new LoginRouteHandler(routes));

        channel.writeInbound(
                Unpooled.copiedBuffer(
                        "POST /100%zz HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                        StandardCharsets.US_ASCII));
        channel.checkException();

        HttpRequest passed = channel.readInbound();
        assertThat(passed.uri()).isEqualTo("/100%zz");
        assertThat(passed.decoderResult().isSuccess()).isTrue();
        LastHttpContent end = channel.readInbound();
        end.release();
        assertThat(route.beforeForward).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
