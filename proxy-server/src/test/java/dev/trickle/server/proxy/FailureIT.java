package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RawHttpConnection.RawResponse;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class FailureIT {
    private TestUpstream upstream;
    private RunningProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start();
        proxy =
                RunningProxy.start(
                        upstream.url(),
                        "responseTimeout: 300ms\n",
                        "client:\n  requestHeaderTimeout: 300ms\n  idleTimeout: 1s\n"
                                + "  maxHeaderBytes: 4KiB\n");
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void refusedUpstreamIsA502AndCounted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        proxy.close();
        proxy = RunningProxy.start(URI.create("http://127.0.0.1:" + closedPort));
        HttpResponse<String> response = get(proxy.url("/"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("Upstream unreachable\n");
        assertThat(metrics())
                .contains("trickle_proxy_errors_total{error=\"upstream_refused\"} 1.0");
    }

    @Test
    void silentUpstreamIsA504() throws Exception {
        HttpResponse<String> response = get(proxy.url("/slow?ms=3000"));
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(metrics())
                .contains("trickle_proxy_errors_total{error=\"upstream_timeout\"} 1.0");
    }

    @Test
    void oversizedHeadersAreA431() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(8000) + "\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.status()).isEqualTo(431);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void malformedRequestLineIsA400() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("THIS IS NOT HTTP\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(400);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRejectedAndTheConnectionClosed() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(400);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
        assertThat(upstream.pendingRequests()).isZero();
    }

    @Test
    void unknownTransferCodingIsRejected() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabc");
            assertThat(raw.readResponse().status()).isEqualTo(400);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
        assertThat(upstream.pendingRequests()).isZero();
    }

    @Test
    void slowlorisHeadIsCutOffWith408() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.status()).isEqualTo(408);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
            assertThat(raw.isClosedByPeer(5000)).isTrue();
        }
    }

    @Test
    void upstreamClosingMidResponseCutsTheClientConnection() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /download?bytes=50000000 HTTP/1.1\r\nHost: a\r\n\r\n");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (upstream.downloadBytesWritten() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            upstream.close();
            assertThat(raw.drainUntilClosed()).isLessThan(50_000_000L);
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        return get(proxy.adminUrl("/metrics")).body();
    }
}
