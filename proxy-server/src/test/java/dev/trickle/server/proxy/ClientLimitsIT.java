package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RawHttpConnection.RawResponse;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slow request bodies and connection caps, against the real proxy over raw sockets. */
final class ClientLimitsIT {
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestUpstream upstream;
    private RunningProxy proxy;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = TestUpstream.start();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        upstream.close();
    }

    @Test
    void aDribbledBodyIs408AndItsUpstreamConnectionGoesToTheNextRequest() throws Exception {
        // One upstream connection in all: while the slow body holds it, nobody else is served.
        proxy =
                RunningProxy.start(
                        upstream.url(),
                        "maxConnections: 1\nconnectTimeout: 5s\n",
                        "ioThreads: 1\nclient:\n  requestBodyTimeout: 500ms\n"
                                + "  minRequestBodyBytesPerSecond: 1KiB\n");
        try (RawHttpConnection slow = new RawHttpConnection(proxy.port())) {
            slow.send(
                    "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"
                            + "0123456789");
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> next =
                    client.sendAsync(
                            HttpRequest.newBuilder(proxy.url("/next")).build(),
                            HttpResponse.BodyHandlers.ofString());
            RawResponse response = slow.readResponse();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.bodyText()).isEqualTo("Request body not received in time\n");
            assertThat(slow.isClosedByPeer(2000)).isTrue();
            assertThat(next.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("served well before the pool's acquire timeout")
                    .isLessThan(4000);
        }
        assertThat(metrics())
                .contains("trickle_proxy_errors_total{error=\"request_body_timeout\"} 1.0");
    }

    @Test
    void connectionsOverThePerAddressCapAreClosedAsTheyAreAccepted() throws Exception {
        proxy =
                RunningProxy.start(
                        upstream.url(),
                        "",
                        "client:\n  maxConnections: 10\n  maxConnectionsPerAddress: 2\n");
        RawHttpConnection first = new RawHttpConnection(proxy.port());
        try (RawHttpConnection second = new RawHttpConnection(proxy.port())) {
            assertThat(status(second)).isEqualTo(200);
            try (RawHttpConnection third = new RawHttpConnection(proxy.port())) {
                assertThat(third.isClosedByPeer(2000)).isTrue();
            }
            first.close();
            awaitActiveConnections(1);
            try (RawHttpConnection again = new RawHttpConnection(proxy.port())) {
                assertThat(status(again)).as("a slot freed by a close is free").isEqualTo(200);
            }
        }
        assertThat(metrics())
                .contains(
                        "trickle_proxy_connections_refused_total"
                                + "{reason=\"max_connections_per_address\"} 1.0");
    }

    @Test
    void connectionsOverTheOverallCapAreClosedAsTheyAreAccepted() throws Exception {
        proxy =
                RunningProxy.start(
                        upstream.url(),
                        "",
                        "client:\n  maxConnections: 2\n  maxConnectionsPerAddress: 10\n");
        try (RawHttpConnection first = new RawHttpConnection(proxy.port());
                RawHttpConnection second = new RawHttpConnection(proxy.port())) {
            assertThat(status(first)).isEqualTo(200);
            assertThat(status(second)).isEqualTo(200);
            try (RawHttpConnection third = new RawHttpConnection(proxy.port())) {
                assertThat(third.isClosedByPeer(2000)).isTrue();
            }
        }
        assertThat(metrics())
                .contains(
                        "trickle_proxy_connections_refused_total{reason=\"max_connections\"} 1.0");
    }

    private static int status(RawHttpConnection raw) throws IOException {
        raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        return raw.readResponse().status();
    }

    /** A closed connection is counted out once the proxy sees it close, a moment later. */
    private void awaitActiveConnections(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String line = "trickle_proxy_connections_active " + expected + ".0";
        while (!metrics().contains(line)) {
            assertThat(System.nanoTime()).as("waiting for " + line).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private String metrics() throws Exception {
        return client.send(
                        HttpRequest.newBuilder(proxy.adminUrl("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
