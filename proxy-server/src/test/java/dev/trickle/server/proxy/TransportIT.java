package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import io.netty.channel.epoll.Epoll;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same exchange over each Netty transport; the rest of the suite runs on the default. */
final class TransportIT {
    @Test
    void nativeEpollLoadsOnLinux() {
        assertThat(Epoll.isAvailable())
                .as("native epoll: %s", Epoll.unavailabilityCause())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void proxiesOverTransport(String transport) throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy =
                        RunningProxy.start(upstream.url(), "", "transport: " + transport + "\n")) {
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response =
                        client.send(
                                HttpRequest.newBuilder(proxy.url("/download?bytes=300000")).build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).hasSize(300_000);
            }
            String metrics =
                    client.send(
                                    HttpRequest.newBuilder(proxy.adminUrl("/metrics")).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics)
                    .contains(
                            "trickle_proxy_requests_seconds_count{method=\"GET\",route=\"passthrough\",status=\"2xx\"} 5");
        }
    }
}
