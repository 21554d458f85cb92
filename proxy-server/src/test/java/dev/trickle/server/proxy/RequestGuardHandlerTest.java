package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class RequestGuardHandlerTest {
    private EmbeddedChannel channel = newChannel();
    private final List<Object> received = new ArrayList<>();

    @AfterEach
    void finish() {
        received.forEach(ReferenceCountUtil::release);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anOrdinaryRequestPassesUntouched() {
        List<Object> out = decode("GET /a?b=c HTTP/1.1\r\nHost: app.example:8080\r\n\r\n");
        assertThat(out).hasSize(2);
        HttpRequest head = (HttpRequest) out.get(0);
        assertThat(head.decoderResult().isSuccess()).isTrue();
        assertThat(head.uri()).isEqualTo("/a?b=c");
        assertThat(out.get(1)).isInstanceOf(LastHttpContent.class);
    }

    @Test
    void connectionNamingContentLengthIsRefusedAndTheBodyNeverBecomesARequest() {
        List<Object> out =
                decode(
                        "POST / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Content-Length\r\n"
                                + "Content-Length: 38\r\n\r\n"
                                + "GET /admin HTTP/1.1\r\nHost: a\r\n\r\nxxxxx"
                                + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(out).hasSize(1);
        assertThat(refusal(out.get(0))).isEqualTo(ProxyError.CONNECTION_NOMINATES_FRAMING);
    }

    @Test
    void connectionNamingTransferEncodingOrHostIsRefused() {
        assertThat(refusalOf("Connection: Transfer-Encoding\r\n"))
                .isEqualTo(ProxyError.CONNECTION_NOMINATES_FRAMING);
        channelReset();
        assertThat(refusalOf("Connection: close\r\nConnection: \tHOST \r\n"))
                .isEqualTo(ProxyError.CONNECTION_NOMINATES_FRAMING);
        channelReset();
        assertThat(refusalOf("Connection: close, x-hostname\r\n")).isNull();
    }

    @Test
    void aTransferCodingBeforeChunkedIsNotImplemented() {
        List<Object> out =
                decode(
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                                + "3\r\nabc\r\n0\r\n\r\n");
        assertThat(out).hasSize(1);
        assertThat(refusal(out.get(0))).isEqualTo(ProxyError.UNSUPPORTED_TRANSFER_CODING);
    }

    @Test
    void chunkedInAnyCaseIsAccepted() {
        List<Object> out =
                decode(
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                                + "3\r\nabc\r\n0\r\n\r\n");
        assertThat(refusal(out.get(0))).isNull();
        assertThat(out).hasSize(3);
    }

    @Test
    void hostMustBePresentOnceAndWellFormed() {
        assertThat(refusal(decode("GET / HTTP/1.1\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.MISSING_HOST);
        channelReset();
        assertThat(refusal(decode("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.INVALID_HOST);
        channelReset();
        assertThat(refusal(decode("GET / HTTP/1.0\r\n\r\n").get(0)))
                .as("HTTP/1.0 may omit Host")
                .isNull();
    }

    @Test
    void hostValuesThatParsersCouldSplitDifferentlyAreInvalid() {
        for (String host :
                List.of(
                        "",
                        "a b",
                        "a/b",
                        "a\\b",
                        "a..b",
                        ".a",
                        "user@a",
                        "a:80x",
                        "[::1",
                        "a:123456")) {
            assertThat(RequestHeadRules.isValidHost(host)).as(host).isFalse();
        }
        for (String host :
                List.of(
                        "a",
                        "app.example.com",
                        "app.example.com.",
                        "10.0.0.1:8080",
                        "[::1]:80",
                        "a:")) {
            assertThat(RequestHeadRules.isValidHost(host)).as(host).isTrue();
        }
    }

    @Test
    void connectAndTraceAreNotAllowedAndLowerCaseMethodsAreInvalid() {
        assertThat(refusal(decode("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.METHOD_NOT_ALLOWED);
        channelReset();
        assertThat(refusal(decode("TRACE / HTTP/1.1\r\nHost: a\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.METHOD_NOT_ALLOWED);
        channelReset();
        assertThat(refusal(decode("post /login HTTP/1.1\r\nHost: a\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.INVALID_METHOD);
        channelReset();
        assertThat(refusal(decode("PROPFIND /dav HTTP/1.1\r\nHost: a\r\n\r\n").get(0))).isNull();
    }

    @Test
    void onlyPathsAndHttpUrlsAreRequestTargets() {
        assertThat(refusal(decode("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.INVALID_REQUEST_TARGET);
        channelReset();
        assertThat(refusal(decode("GET ftp://a/x HTTP/1.1\r\nHost: a\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.INVALID_REQUEST_TARGET);
    }

    @Test
    void anAbsoluteUrlBecomesItsPathWithItsAuthorityAsHost() {
        HttpRequest head =
                (HttpRequest)
                        decode(
                                        "POST HTTP://other.example:8080/login?next=%2F HTTP/1.1\r\nHost: a\r\n"
                                                + "Content-Length: 0\r\n\r\n")
                                .get(0);
        assertThat(refusal(head)).isNull();
        assertThat(head.uri()).isEqualTo("/login?next=%2F");
        assertThat(head.headers().getAll(HttpHeaderNames.HOST))
                .containsExactly("other.example:8080");
        channelReset();
        HttpRequest bare = (HttpRequest) decode("GET http://b?x HTTP/1.1\r\n\r\n").get(0);
        assertThat(bare.uri()).isEqualTo("/?x");
        assertThat(bare.headers().get(HttpHeaderNames.HOST)).isEqualTo("b");
        channelReset();
        assertThat(refusal(decode("GET http://u:p@b/ HTTP/1.1\r\nHost: b\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.INVALID_HOST);
    }

    @Test
    void otherMajorVersionsAreNotSupportedAndLaterMinorsAreReadAsHttp11() {
        assertThat(refusal(decode("GET / HTTP/2.0\r\nHost: a\r\n\r\n").get(0)))
                .isEqualTo(ProxyError.UNSUPPORTED_VERSION);
        channelReset();
        HttpRequest head = (HttpRequest) decode("GET / HTTP/1.2\r\nHost: a\r\n\r\n").get(0);
        assertThat(refusal(head)).isNull();
        assertThat(head.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
    }

    @Test
    void aMalformedChunkIsMarkedAndNothingAfterItPasses() {
        List<Object> out =
                decode(
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "3\r\nabc\r\nzz\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(out).hasSize(3);
        assertThat(refusal(out.get(0))).isNull();
        assertThat(((HttpContent) out.get(1)).content().toString(StandardCharsets.US_ASCII))
                .isEqualTo("abc");
        assertThat(out.get(2)).isInstanceOf(LastHttpContent.class);
        assertThat(refusal(out.get(2))).isEqualTo(ProxyError.MALFORMED_BODY);
    }

    private ProxyError refusalOf(String headerLines) {
        return refusal(
                decode("POST / HTTP/1.1\r\nHost: a\r\n" + headerLines + "Content-Length: 0\r\n\r\n")
                        .get(0));
    }

    private List<Object> decode(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add(msg);
        }
        received.addAll(out);
        return out;
    }

    /** A refused connection reads nothing more: each case after the first starts afresh. */
    private void channelReset() {
        finish();
        received.clear();
        channel = newChannel();
    }

    private static EmbeddedChannel newChannel() {
        return new EmbeddedChannel(
                new HttpServerCodec(new HttpDecoderConfig().setUseRfc9112TransferEncoding(true)),
                new RequestGuardHandler());
    }

    private static ProxyError refusal(Object msg) {
        HttpObject http = (HttpObject) msg;
        return http.decoderResult().isSuccess()
                ? null
                : ProxyError.forCause(http.decoderResult().cause());
    }
}
