package dev.trickle.server.proxy;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.config.ForwardedConfig;
import dev.trickle.server.config.UpstreamConfig;
import dev.trickle.server.metrics.ServerMeters;
import dev.trickle.server.proxy.upstream.EmbeddedUpstream;
import dev.trickle.server.proxy.upstream.UpstreamSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link ClientToUpstreamHandler} between a client {@link EmbeddedChannel} (the production HTTP
 * codec in front of it) and upstream connections that are embedded channels too, handed out by a
 * stand-in {@link UpstreamSource} that keeps released connections for reuse as the pool does. Every
 * buffer either side allocated must be released when a test ends.
 */
final class ClientToUpstreamHandlerTest {
    private static final String GET_A = "GET /a HTTP/1.1\r\nHost: app\r\n\r\n";
    private static final String GET_B = "GET /b HTTP/1.1\r\nHost: app\r\n\r\n";
    private static final String OK_A = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na";
    private static final String OK_B = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb";

    private final RecordingAllocator alloc = new RecordingAllocator();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Upstreams upstreams = new Upstreams();
    private final ClientChannel client = new ClientChannel();

    @BeforeEach
    void connect() throws Exception {
        UpstreamConfig upstream =
                new UpstreamConfig(
                        URI.create("http://app.internal:8080"),
                        UpstreamConfig.DEFAULT_MAX_CONNECTIONS,
                        UpstreamConfig.DEFAULT_CONNECT_TIMEOUT,
                        UpstreamConfig.DEFAULT_RESPONSE_TIMEOUT,
                        UpstreamConfig.DEFAULT_POOL_IDLE_TIMEOUT,
                        false,
                        Optional.empty());
        ProxyContext proxy =
                new ProxyContext(
                        upstream,
                        upstreams,
                        new ProxyMetrics(registry),
                        new ForwardedHeaders(new ForwardedConfig(List.of()), false),
                        LoginRoutes.none(),
                        new AccessLog(true));
        client.config().setAllocator(alloc).setAutoRead(false);
        client.pipeline()
                .addLast(
                        client.readCounter,
                        new HttpServerCodec(),
                        new ClientToUpstreamHandler(proxy));
        client.register();
    }

    @AfterEach
    void everyBufferReleased() {
        assertThat(client.finishAndReleaseAll()).as("client messages left over").isFalse();
        for (EmbeddedUpstream upstream : upstreams.handedOut) {
            assertThat(upstream.channel().finishAndReleaseAll())
                    .as("upstream messages left over")
                    .isFalse();
        }
        assertThat(alloc.unreleased()).as("buffers never released").isEmpty();
    }

    @Test
    void pipelinedRequestsAreForwardedOneAtATimeAndAnsweredInOrder() {
        EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));

        client.send(GET_A + GET_B);

        assertThat(upstream.received()).startsWith("GET /a HTTP/1.1").doesNotContain("/b");
        upstream.send(OK_A);
        assertThat(client.received()).isEqualTo(OK_A);
        // The first exchange gave the connection back; the second request goes out on it.
        assertThat(upstreams.released).containsExactly(upstream.channel());
        assertThat(upstream.received()).startsWith("GET /b HTTP/1.1");
        upstream.send(OK_B);
        assertThat(client.received()).isEqualTo(OK_B);
        assertThat(client.isOpen()).isTrue();
        assertThat(upstreams.handedOut).hasSize(1);
    }

    @Test
    void theAccessLogHasOneLinePerExchangeWithItsIdStatusAndBytesButNoQuery() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger access = (Logger) LoggerFactory.getLogger("trickle.access");
        lines.start();
        access.addAppender(lines);
        try {
            EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));
            client.send(
                    "POST /reset?token=s3cr3t HTTP/1.1\r\nHost: app\r\nX-Request-Id: req-7\r\n"
                            + "Content-Length: 5\r\n\r\nhello");
            assertThat(upstream.received()).endsWith("hello");
            upstream.send("HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(client.received()).endsWith("abc");
        } finally {
            access.detachAppender(lines);
        }

        assertThat(lines.list).hasSize(1);
        Map<String, Object> fields = new HashMap<>();
        lines.list.get(0).getKeyValuePairs().forEach(kv -> fields.put(kv.key, kv.value));
        assertThat(fields)
                .containsEntry("request_id", "req-7")
                .containsEntry("method", "POST")
                .containsEntry("path", "/reset")
                .containsEntry("route", "passthrough")
                .containsEntry("status", 201)
                .containsEntry("request_bytes", 5L)
                .containsEntry("response_bytes", 3L)
                .containsEntry("aborted", false);
        assertThat(lines.list.get(0).getFormattedMessage() + fields).doesNotContain("s3cr3t");
    }

    @Test
    void expectContinueIsAnsweredByTheUpstreamAndTheBodyFollows() {
        EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));

        client.send(
                "POST /upload HTTP/1.1\r\nHost: app\r\nContent-Length: 5\r\n"
                        + "Expect: 100-continue\r\n\r\n");
        assertThat(upstream.received()).contains("Expect: 100-continue").endsWith("\r\n\r\n");
        upstream.send("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(client.received()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");

        client.send("hello");
        assertThat(upstream.received()).isEqualTo("hello");
        upstream.send("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");

        assertThat(client.received()).startsWith("HTTP/1.1 201 Created");
        assertThat(client.isOpen()).isTrue();
        assertThat(upstreams.released).containsExactly(upstream.channel());
    }

    @Test
    void anUpstreamAnsweringBeforeTheBodyEndsClosesBothConnectionsAfterItsResponse() {
        EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));

        client.send("POST /upload HTTP/1.1\r\nHost: app\r\nContent-Length: 10\r\n\r\nhello");
        assertThat(upstream.received()).endsWith("\r\n\r\nhello");
        upstream.send("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n");

        assertThat(client.received()).startsWith("HTTP/1.1 413 Payload Too Large");
        client.runPendingTasks();
        // The rest of the body can't be told from a next request: neither connection is reused.
        assertThat(client.isOpen()).isFalse();
        assertThat(upstream.channel().isOpen()).isFalse();
        assertThat(upstreams.released).isEmpty();
    }

    @Test
    void aBodilessRequestOnAStalePooledConnectionIsSentAgainOnAnother() {
        EmbeddedUpstream stale = upstreams.offer(EmbeddedUpstream.reused(alloc));
        EmbeddedUpstream next = upstreams.offer(EmbeddedUpstream.fresh(alloc));

        client.send(GET_A);
        assertThat(stale.received()).startsWith("GET /a HTTP/1.1");
        stale.channel().close();

        assertThat(next.received()).startsWith("GET /a HTTP/1.1");
        next.send(OK_A);
        assertThat(client.received()).isEqualTo(OK_A);
        assertThat(client.isOpen()).isTrue();
        assertThat(errors(ProxyError.UPSTREAM_RESET)).isZero();
    }

    @Test
    void aRequestWhoseBodyWentToAStaleConnectionIsNotSentAgain() {
        EmbeddedUpstream stale = upstreams.offer(EmbeddedUpstream.reused(alloc));
        upstreams.offer(EmbeddedUpstream.fresh(alloc));

        client.send("POST /a HTTP/1.1\r\nHost: app\r\nContent-Length: 4\r\n\r\nbody");
        assertThat(stale.received()).endsWith("body");
        stale.channel().close();

        assertThat(client.received()).startsWith("HTTP/1.1 502 Bad Gateway");
        assertThat(upstreams.handedOut).hasSize(1);
        assertThat(errors(ProxyError.UPSTREAM_RESET)).isOne();
    }

    @Test
    void aStaleConnectionIsReplacedAtMostTwice() {
        upstreams.offer(EmbeddedUpstream.reused(alloc));
        upstreams.offer(EmbeddedUpstream.reused(alloc));
        upstreams.offer(EmbeddedUpstream.reused(alloc));

        client.send(GET_A);
        for (int i = 0; i < 3; i++) {
            EmbeddedUpstream stale = upstreams.handedOut.get(i);
            assertThat(stale.received()).startsWith("GET /a HTTP/1.1");
            stale.channel().close();
        }

        assertThat(client.received()).startsWith("HTTP/1.1 502 Bad Gateway");
        assertThat(upstreams.handedOut).hasSize(3);
    }

    @Test
    void aSlowClientStopsUpstreamReadsUntilItCatchesUp() {
        EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));
        client.send(GET_A);
        upstream.received();
        upstream.send("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab");
        assertThat(client.received()).endsWith("\r\n\r\nab");

        client.setWritable(false);
        int readsBefore = upstream.reads();
        upstream.send("cd");
        assertThat(upstream.reads()).as("reads while the client is full").isEqualTo(readsBefore);

        client.setWritable(true);
        assertThat(upstream.reads()).isEqualTo(readsBefore + 1);
        upstream.send("ef");
        assertThat(client.received()).isEqualTo("cdef");
        assertThat(upstreams.released).containsExactly(upstream.channel());
    }

    @Test
    void aSlowUpstreamStopsClientReadsUntilItCatchesUp() {
        EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));
        client.send("POST /upload HTTP/1.1\r\nHost: app\r\nContent-Length: 4\r\n\r\n");
        upstream.received();

        upstream.setWritable(false);
        int readsBefore = client.readCounter.reads;
        client.send("ab");
        assertThat(client.readCounter.reads)
                .as("client reads while the upstream is full")
                .isEqualTo(readsBefore);

        upstream.setWritable(true);
        assertThat(client.readCounter.reads).isEqualTo(readsBefore + 1);
        client.send("cd");
        assertThat(upstream.received()).isEqualTo("abcd");
        upstream.send("HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(client.received()).startsWith("HTTP/1.1 204 No Content");
    }

    @Test
    void anUpgradeHandsTheConnectionToATunnelThatRelaysRawBytes() {
        EmbeddedUpstream upstream = upstreams.offer(EmbeddedUpstream.fresh(alloc));
        client.send(
                "GET /ws HTTP/1.1\r\nHost: app\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertThat(upstream.received()).contains("upgrade: websocket");

        // The upstream's first frame comes in the same read as its 101.
        upstream.send(
                "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\n\r\nserver-frame");

        assertThat(client.received())
                .startsWith("HTTP/1.1 101 Switching Protocols")
                .endsWith("\r\n\r\nserver-frame");
        assertThat(client.pipeline().get(ClientTunnelHandler.class)).isNotNull();
        assertThat(client.pipeline().get(ClientToUpstreamHandler.class)).isNull();
        assertThat(client.pipeline().get(HttpServerCodec.class)).isNull();
        client.send("GET / HTTP/1.1\r\n");
        assertThat(upstream.received())
                .as("no longer parsed as HTTP")
                .isEqualTo("GET / HTTP/1.1\r\n");

        upstream.channel().close();
        client.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        assertThat(upstreams.released).isEmpty();
    }

    private double errors(ProxyError error) {
        return registry.counter(ServerMeters.ERRORS, ServerMeters.TAG_ERROR, error.tag()).count();
    }

    /** Hands out the connections offered, in order; a released one is handed out again first. */
    private static final class Upstreams implements UpstreamSource {
        final List<EmbeddedUpstream> handedOut = new ArrayList<>();
        final List<Channel> released = new ArrayList<>();
        private final ArrayDeque<EmbeddedUpstream> ready = new ArrayDeque<>();

        EmbeddedUpstream offer(EmbeddedUpstream upstream) {
            ready.addLast(upstream);
            return upstream;
        }

        @Override
        public Future<Channel> acquire(EventLoop loop) {
            EmbeddedUpstream next = ready.pollFirst();
            if (next == null) {
                return loop.newFailedFuture(new IllegalStateException("no upstream offered"));
            }
            if (!handedOut.contains(next)) {
                handedOut.add(next);
            }
            return loop.newSucceededFuture(next.channel());
        }

        @Override
        public void release(Channel channel) {
            released.add(channel);
            for (EmbeddedUpstream upstream : handedOut) {
                if (upstream.channel() == channel) {
                    upstream.parked();
                    ready.addFirst(upstream);
                }
            }
        }
    }

    /** A client connection with an IP peer (forwarding headers need one) that counts its reads. */
    private final class ClientChannel extends EmbeddedChannel {
        final ReadCounter readCounter = new ReadCounter();

        ClientChannel() {
            super(false, false);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("192.0.2.7", 40000);
        }

        void send(String bytes) {
            ByteBuf buf = alloc.buffer();
            buf.writeCharSequence(bytes, ISO_8859_1);
            writeInbound(buf);
        }

        String received() {
            StringBuilder text = new StringBuilder();
            ByteBuf written;
            while ((written = readOutbound()) != null) {
                text.append(written.toString(ISO_8859_1));
                written.release();
            }
            return text.toString();
        }

        void setWritable(boolean writable) {
            unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
            // The writability event is posted to the event loop, as on a socket.
            runPendingTasks();
        }
    }

    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int reads;

        @Override
        public void read(ChannelHandlerContext ctx) {
            reads++;
            ctx.read();
        }
    }
}
