package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class WebSocketIT {
    @Test
    void webSocketUpgradeTunnelsBothWays() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy = RunningProxy.start(upstream.url())) {
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket socket =
                    HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .buildAsync(
                                    URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                                    new WebSocket.Listener() {
                                        @Override
                                        public CompletionStage<?> onText(
                                                WebSocket ws, CharSequence data, boolean last) {
                                            received.add(data.toString());
                                            ws.request(1);
                                            return CompletableFuture.completedFuture(null);
                                        }
                                    })
                            .get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                socket.sendText("message " + i, true).get(5, TimeUnit.SECONDS);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: message " + i);
            }
            String large = "y".repeat(200_000);
            socket.sendText(large, true).get(5, TimeUnit.SECONDS);
            StringBuilder echoed = new StringBuilder();
            while (echoed.length() < large.length() + 6) {
                String part = received.poll(5, TimeUnit.SECONDS);
                assertThat(part).isNotNull();
                echoed.append(part);
            }
            assertThat(echoed.toString()).isEqualTo("echo: " + large);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }
}
