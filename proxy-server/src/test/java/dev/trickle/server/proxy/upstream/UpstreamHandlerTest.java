package dev.trickle.server.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class UpstreamHandlerTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final AtomicInteger unsolicited = new AtomicInteger();
    private final Recorder listener = new Recorder();
    private final UpstreamHttpCodec codec = new UpstreamHttpCodec(new HttpDecoderConfig());
    private final EmbeddedChannel channel =
            new EmbeddedChannel(codec, new UpstreamHandler(codec, unsolicited::incrementAndGet));

    UpstreamHandlerTest() {
        channel.pipeline().get(UpstreamHandler.class).attach(listener);
    }

    @AfterEach
    void finish() {
        listener.received.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void oneResponsePerRequestPassesAndTheConnectionStaysOpen() {
        request(HttpMethod.GET);
        respond(OK);
        assertThat(listener.kinds()).containsExactly("head 200", "last ok");
        assertThat(channel.isOpen()).isTrue();
        request(HttpMethod.GET);
        respond(OK);
        assertThat(listener.kinds()).hasSize(4);
        assertThat(unsolicited).hasValue(0);
    }

    @Test
    void aSecondResponseToOneRequestIsDroppedAndTheConnectionClosed() {
        request(HttpMethod.GET);
        respond(OK + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil");
        assertThat(listener.kinds()).containsExactly("head 200", "last ok");
        assertThat(channel.isOpen()).isFalse();
        assertThat(unsolicited).hasValue(1);
    }

    @Test
    void theStartOfAnotherResponseLeftInTheDecoderClosesTheConnection() {
        request(HttpMethod.GET);
        respond(OK + "HTTP/1.1 200 OK\r\nConte");
        assertThat(listener.kinds()).containsExactly("head 200", "last ok");
        assertThat(channel.isOpen()).isFalse();
        assertThat(unsolicited).hasValue(1);
    }

    @Test
    void aHeadLineAndSomeHeadersLeftInTheDecoderCloseTheConnectionToo() {
        request(HttpMethod.GET);
        respond(OK + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void bytesBeforeAnyRequestAreUnsolicited() {
        respond(OK);
        assertThat(listener.kinds()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(unsolicited).hasValue(1);
    }

    @Test
    void anInterimResponseDoesNotEndTheExchange() {
        request(HttpMethod.POST);
        respond("HTTP/1.1 100 Continue\r\n\r\n" + OK);
        assertThat(listener.kinds()).containsExactly("head 100", "last ", "head 200", "last ok");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aHeadResponseHasNoBodyWhateverItsLengthSays() {
        request(HttpMethod.HEAD);
        respond("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        assertThat(listener.kinds()).containsExactly("head 200", "last ");
        assertThat(channel.isOpen()).isTrue();
        request(HttpMethod.GET);
        respond(OK);
        assertThat(listener.kinds()).hasSize(4);
    }

    @Test
    void aTransferCodingOtherThanChunkedMarksTheResponseInvalid() {
        request(HttpMethod.GET);
        respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        HttpResponse head = (HttpResponse) listener.received.get(0);
        assertThat(head.decoderResult().isFailure()).isTrue();
    }

    @Test
    void aResponseWithBothLengthAndChunkedFailsToDecode() {
        request(HttpMethod.GET);
        respond(
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n");
        HttpResponse head = (HttpResponse) listener.received.get(0);
        assertThat(head.decoderResult().isFailure()).isTrue();
    }

    private void request(HttpMethod method) {
        DefaultFullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/");
        request.headers().set(HttpHeaderNames.HOST, "a");
        channel.writeOutbound(request);
        ByteBuf sent;
        while ((sent = channel.readOutbound()) != null) {
            sent.release();
        }
    }

    private void respond(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private static final class Recorder implements UpstreamListener {
        final List<Object> received = new ArrayList<>();

        List<String> kinds() {
            List<String> kinds = new ArrayList<>();
            for (Object msg : received) {
                if (msg instanceof HttpResponse response) {
                    kinds.add("head " + response.status().code());
                } else if (msg instanceof LastHttpContent last) {
                    kinds.add("last " + last.content().toString(StandardCharsets.ISO_8859_1));
                } else if (msg instanceof HttpContent content) {
                    kinds.add("content " + content.content().toString(StandardCharsets.US_ASCII));
                }
            }
            return kinds;
        }

        @Override
        public void upstreamRead(Object message) {
            received.add(message);
        }

        @Override
        public void upstreamReadComplete() {}

        @Override
        public void upstreamWritable() {}

        @Override
        public void upstreamClosed() {}

        @Override
        public void upstreamFailed(Throwable cause) {}
    }
}
