package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

final class RequestIdHandlerTest {
    private static String idOf(String header) {
        EmbeddedChannel channel = new EmbeddedChannel(RequestIdHandler.INSTANCE);
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        if (header != null) {
            request.headers().add("X-Request-Id", header);
            request.headers().add("X-Request-Id", "second-copy");
        }
        channel.writeInbound(request);
        HttpRequest passed = channel.readInbound();
        assertThat(passed.headers().getAll("X-Request-Id")).hasSize(1);
        channel.finishAndReleaseAll();
        return passed.headers().get("X-Request-Id");
    }

    @Test
    void aSafeIncomingIdIsKeptAndForwardedOnce() {
        assertThat(idOf("lb-1f3a.9")).isEqualTo("lb-1f3a.9");
    }

    @Test
    void aMissingOrUnsafeIdIsReplacedByAFreshOne() {
        String fresh = idOf(null);
        assertThat(fresh).matches("[0-9a-f]{16}");
        assertThat(idOf(null)).isNotEqualTo(fresh);
        assertThat(idOf("x\" injected=1")).matches("[0-9a-f]{16}");
    }
}
