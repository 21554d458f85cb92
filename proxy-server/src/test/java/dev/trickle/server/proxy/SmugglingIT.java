package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RawHttpConnection.RawResponse;
import dev.trickle.server.testing.RawUpstream;
import dev.trickle.server.testing.RunningProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request smuggling and response desync, reproduced against the real proxy over raw sockets, with
 * an upstream that records exactly the bytes that reach it. One I/O thread and one upstream
 * connection, so that every client shares the event loop and the pooled connection, as two users
 * would under load.
 */
final class SmugglingIT {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String SHARED =
            "ioThreads: 1\nclient:\n  requestHeaderTimeout: 2s\n  idleTimeout: 5s\n";

    private RawUpstream upstream;
    private RunningProxy proxy;

    private void start(RawUpstream raw) throws Exception {
        upstream = raw;
        proxy = RunningProxy.start(upstream.url(), "maxConnections: 1\n", SHARED);
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        upstream.close();
    }

    @Test
    void connectionNamingContentLengthCannotTurnTheBodyIntoASecondRequest() throws Exception {
        start(RawUpstream.answering(OK));
        String smuggled = "GET /admin/delete-all HTTP/1.1\r\nHost: a\r\n\r\n";
        for (String nominated :
                new String[] {"Content-Length", "close, transfer-encoding", "Host"}) {
            try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
                raw.send(
                        "POST /comment HTTP/1.1\r\nHost: a\r\nConnection: "
                                + nominated
                                + "\r\nContent-Length: "
                                + smuggled.length()
                                + "\r\n\r\n"
                                + smuggled);
                RawResponse response = raw.readResponse();
                assertThat(response.status()).as(nominated).isEqualTo(400);
                assertThat(raw.isClosedByPeer(2000)).isTrue();
            }
        }
        assertThat(upstream.pendingRequests()).as("nothing reached the upstream").isZero();
        assertThat(metrics())
                .contains("trickle_proxy_errors_total{error=\"connection_nominates_framing\"} 3.0");
    }

    @Test
    void headsNginxRefusesAreRefusedAndNeverForwarded() throws Exception {
        start(RawUpstream.answering(OK));
        Map<String, Integer> heads =
                Map.ofEntries(
                        Map.entry("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                        Map.entry("GET / HTTP/1.1\r\n\r\n", 400),
                        Map.entry("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                        Map.entry("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", 405),
                        Map.entry("TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", 405),
                        Map.entry("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                        Map.entry("post /login HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                        Map.entry("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                        Map.entry(
                                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked"
                                        + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                                501));
        for (Map.Entry<String, Integer> head : heads.entrySet()) {
            try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
                raw.send(head.getKey() + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(raw.readResponse().status())
                        .as(head.getKey())
                        .isEqualTo(head.getValue());
                assertThat(raw.isClosedByPeer(2000)).as(head.getKey()).isTrue();
            }
        }
        assertThat(upstream.pendingRequests()).isZero();
    }

    @Test
    void laterHttp1MinorsAndAbsoluteUrlsAreForwardedNormalised() throws Exception {
        start(RawUpstream.answering(OK));
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /a HTTP/1.2\r\nHost: a\r\n\r\n");
            RawResponse response = raw.readResponse();
            assertThat(response.statusLine()).startsWith("HTTP/1.1 200");
            raw.send("GET http://other.example/login?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        assertThat(upstream.takeRequest().requestLine()).isEqualTo("GET /a HTTP/1.1");
        RawUpstream.Request absolute = upstream.takeRequest();
        assertThat(absolute.requestLine()).isEqualTo("GET /login?x=1 HTTP/1.1");
        assertThat(absolute.header("Host")).isEqualTo("other.example");
    }

    @Test
    void anInvalidChunkSizeIsA400AndTheUpstreamNeverSeesTheRequestEnd() throws Exception {
        start(RawUpstream.answering(OK));
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\nzz\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(400);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
            RawUpstream.Request head = upstream.takeRequest();
            assertThat(head.requestLine()).isEqualTo("POST /upload HTTP/1.1");
            assertThat(head.complete()).as("no terminating chunk was forwarded").isFalse();
            assertThat(new String(head.body(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("5\r\nhello\r\n");
        }
        assertThat(upstream.pendingRequests()).isZero();
        assertThat(metrics()).contains("trickle_proxy_errors_total{error=\"malformed_body\"} 1.0");
    }

    @Test
    void aSecondResponseFromTheUpstreamNeverAnswersTheNextClient() throws Exception {
        start(
                RawUpstream.start(
                        (connection, index, request) ->
                                (index == 0 && request.requestLine().startsWith("GET /first")
                                                ? OK
                                                        + "HTTP/1.1 200 OK\r\nContent-Length: 4"
                                                        + "\r\n\r\nevil"
                                                : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"
                                                        + "fine")
                                        .getBytes(StandardCharsets.ISO_8859_1)));
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().bodyText()).isEqualTo("ok");
            raw.send("GET /mine HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().bodyText())
                    .as("the extra response is not the answer to the next request")
                    .isEqualTo("fine");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get("/next-user-" + i)).isEqualTo("fine");
        }
        assertThat(metrics())
                .contains("trickle_proxy_errors_total{error=\"unsolicited_upstream_bytes\"} 1.0");
    }

    @Test
    void halfAResponseLeftAfterTheFirstIsNotCompletedByTheNextRequest() throws Exception {
        start(
                RawUpstream.start(
                        (connection, index, request) ->
                                (index == 0 && request.requestLine().startsWith("GET /first")
                                                ? OK + "HTTP/1.1 200 OK\r\nConte"
                                                : index == 1
                                                        ? "nt-Length: 4\r\n\r\nevil"
                                                        : "HTTP/1.1 200 OK\r\nContent-Length:"
                                                                + " 4\r\n\r\nfine")
                                        .getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(get("/first")).isEqualTo("ok");
        assertThat(get("/second")).isEqualTo("fine");
    }

    @Test
    void aResponseWithATransferCodingBeforeChunkedIsA502() throws Exception {
        start(
                RawUpstream.answering(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                                + "3\r\nabc\r\n0\r\n\r\n"));
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(502);
        }
    }

    @Test
    void aMalformedChunkedResponseIsCutOffRatherThanEndedCleanly() throws Exception {
        start(
                RawUpstream.answering(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "3\r\nabc\r\nzz\r\n0\r\n\r\n"));
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            String seen = new String(raw.readUntilClosed(), StandardCharsets.ISO_8859_1);
            assertThat(seen).as("never a terminated response").doesNotContain("\r\n0\r\n\r\n");
        }
    }

    private String get(String path) throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
            return raw.readResponse().bodyText();
        }
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(proxy.adminUrl("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
