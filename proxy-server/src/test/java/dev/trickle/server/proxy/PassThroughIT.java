package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RawHttpConnection.RawResponse;
import dev.trickle.server.testing.RecordedRequest;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PassThroughIT {
    private TestUpstream upstream;
    private RunningProxy proxy;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start();
        proxy = RunningProxy.start(upstream.url());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void requestAndResponseHeadersPassThroughWithHostPreserved() throws Exception {
        HttpResponse<String> response =
                client.send(
                        HttpRequest.newBuilder(proxy.url("/echo?q=1"))
                                .header("X-Custom", "kept")
                                .header("Cookie", "session=abc")
                                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("set-cookie"))
                .containsExactly("a=1; Path=/", "b=2; HttpOnly");
        assertThat(response.body()).contains("\"bodyBytes\":5");
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo("/echo?q=1");
        assertThat(seen.headers().get("X-Custom")).isEqualTo("kept");
        assertThat(seen.headers().get("Cookie")).isEqualTo("session=abc");
        assertThat(seen.headers().get("Host")).isEqualTo("127.0.0.1:" + proxy.port());
        assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + proxy.port());
    }

    @Test
    void forgedForwardedHeadersFromAnUntrustedPeerAreReplaced() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET / HTTP/1.1\r\nHost: app.example\r\nX-Forwarded-For: 6.6.6.6\r\n"
                            + "X-Forwarded-Proto: https\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.headers().get("Host")).isEqualTo("app.example");
    }

    @Test
    void otherClientAddressHeadersFromAnUntrustedPeerAreRemovedOrReplaced() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET / HTTP/1.1\r\nHost: app.example\r\n"
                            + "Forwarded: for=6.6.6.6;proto=https;host=bank.example\r\n"
                            + "X-Real-IP: 6.6.6.6\r\nX-Forwarded-Port: 443\r\n"
                            + "X-Forwarded-Prefix: /admin\r\nX-Forwarded-Ssl: on\r\n"
                            + "X-Forwarded-Scheme: https\r\nClient-IP: 6.6.6.6\r\n"
                            + "True-Client-IP: 6.6.6.6\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.headers().get("X-Real-IP")).isEqualTo("127.0.0.1");
        for (String name :
                List.of(
                        "Forwarded",
                        "X-Forwarded-Port",
                        "X-Forwarded-Prefix",
                        "X-Forwarded-Ssl",
                        "X-Forwarded-Scheme",
                        "Client-IP",
                        "True-Client-IP")) {
            assertThat(seen.headers().contains(name)).as(name).isFalse();
        }
    }

    @Test
    void aTrustedProxysForwardedHeaderIsKeptAndAppendedTo() throws Exception {
        proxy.close();
        proxy =
                RunningProxy.start(
                        upstream.url(), "", "forwarded:\n  trustedProxies: [127.0.0.0/8]\n");
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET / HTTP/1.1\r\nHost: app.example\r\n"
                            + "Forwarded: for=203.0.113.7;proto=https\r\n"
                            + "X-Real-IP: 203.0.113.7\r\nX-Forwarded-Prefix: /shop\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.headers().get("Forwarded"))
                .isEqualTo("for=203.0.113.7;proto=https, for=127.0.0.1");
        assertThat(seen.headers().get("X-Real-IP")).isEqualTo("203.0.113.7");
        assertThat(seen.headers().get("X-Forwarded-Prefix")).isEqualTo("/shop");
    }

    @Test
    void forwardedChainFromATrustedProxyIsAppendedTo() throws Exception {
        proxy.close();
        proxy =
                RunningProxy.start(
                        upstream.url(), "", "forwarded:\n  trustedProxies: [127.0.0.0/8]\n");
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET / HTTP/1.1\r\nHost: app.example\r\nX-Forwarded-For: 203.0.113.7\r\n"
                            + "X-Forwarded-Proto: https\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void hopByHopHeadersAreRemovedInBothDirections() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Private\r\n"
                            + "X-Private: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                            + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nProxy-Connection: keep-alive\r\n"
                            + "X-End-To-End: yes\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).doesNotContainKey("keep-alive");
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.headers().names())
                .map(String::toLowerCase)
                .doesNotContain(
                        "x-private", "keep-alive", "te", "proxy-authorization", "proxy-connection")
                .contains("x-end-to-end");
    }

    /** Regression: Netty's FlowControlHandler dropped the read demand between partial reads. */
    @Test
    void requestHeadLargerThanOneSocketReadIsDecoded() throws Exception {
        String cookie = "c=" + "x".repeat(12_000);
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /big-head HTTP/1.1\r\nHost: a\r\nCookie: " + cookie + "\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        assertThat(upstream.takeRequest().headers().get("Cookie")).isEqualTo(cookie);
    }

    @Test
    void keepAliveReusesOneUpstreamConnectionForSequentialRequests() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            for (int i = 0; i < 20; i++) {
                raw.send("GET /n" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(raw.readResponse().status()).isEqualTo(200);
            }
        }
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET /slow?ms=200 HTTP/1.1\r\nHost: a\r\n\r\n"
                            + "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                            + "GET /third HTTP/1.1\r\nHost: a\r\n\r\n");
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                bodies.add(raw.readResponse().bodyText());
            }
            assertThat(bodies.get(0)).contains("\"method\":\"GET\"", "\"bodyBytes\":0");
            assertThat(bodies.get(1)).contains("\"method\":\"POST\"", "\"bodyBytes\":3");
            assertThat(bodies.get(2)).contains("\"method\":\"GET\"");
        }
        assertThat(upstream.takeRequest().uri()).isEqualTo("/slow?ms=200");
        assertThat(upstream.takeRequest().uri()).isEqualTo("/second");
        assertThat(upstream.takeRequest().uri()).isEqualTo("/third");
    }

    @Test
    void http10ClientGetsAClosedConnectionAndAPlainBody() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /download?bytes=1000&chunked=true HTTP/1.0\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).doesNotContainKey("transfer-encoding");
            assertThat(response.body()).hasSize(1000);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.version()).isEqualTo("HTTP/1.1");
        assertThat(seen.headers().get("Host")).isEqualTo("127.0.0.1:" + upstream.port());
    }

    @Test
    void http10KeepAliveIsHonouredWhenTheLengthIsKnown() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            for (int i = 0; i < 2; i++) {
                raw.send("GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawResponse response = raw.readResponse();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers().get("connection"))
                        .isEqualToIgnoringCase("keep-alive");
            }
        }
    }

    @Test
    void expectContinueIsRelayedFromTheUpstreamBeforeTheBodyIsSent() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n"
                            + "Expect: 100-continue\r\n\r\n");
            RawResponse interim = raw.readResponse();
            assertThat(interim.status()).isEqualTo(100);
            raw.send("hello world");
            RawResponse response = raw.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"bodyBytes\":11");
        }
    }

    @Test
    void chunkedUploadWithTrailersReachesTheUpstreamIntact() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.bodyText()).contains("\"bodyBytes\":11");
        }
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.trailers().get("X-Sum")).isEqualTo("42");
        assertThat(seen.headers().get("Transfer-Encoding")).isEqualTo("chunked");
    }

    @Test
    void responseTrailersReachAChunkedClient() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /trailers HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.bodyText()).isEqualTo("part one,part two");
            assertThat(response.trailers()).containsEntry("x-checksum", "abc123");
        }
    }

    @Test
    void closeDelimitedUpstreamBodyIsChunkedForAnHttp11Client() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /close-delimited HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.headers().get("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.bodyText()).isEqualTo("until the end");
            raw.send("GET /again HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void headResponsesCarryNoBody() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("HEAD /download?bytes=5000 HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = raw.readResponse(false);
            assertThat(response.headers().get("content-length")).isEqualTo("5000");
            raw.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().bodyText()).contains("\"method\":\"GET\"");
        }
    }

    @Test
    void upstreamConnectionsStayWithinTheConfiguredMaximum() throws Exception {
        proxy.close();
        proxy = RunningProxy.start(upstream.url(), "maxConnections: 2\n", "ioThreads: 1\n");
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(
                    HttpClient.newHttpClient()
                            .sendAsync(
                                    HttpRequest.newBuilder(proxy.url("/slow?ms=100")).build(),
                                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        assertThat(upstream.maxOpenConnections()).isLessThanOrEqualTo(2);
    }
}
