package dev.trickle.server.proxy;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trickle.core.login.Forwarding;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import dev.trickle.core.login.LoginRouteTable;
import dev.trickle.core.login.LoginRoutes;
import dev.trickle.core.login.RouteMatch;
import dev.trickle.server.config.ClientConfig;
import dev.trickle.server.config.ForwardedConfig;
import dev.trickle.server.config.UpstreamConfig;
import dev.trickle.server.proxy.login.LoginRequest;
import dev.trickle.server.proxy.upstream.UpstreamPools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Timeout;

/**
 * Raw client bytes through the client pipeline exactly as {@link ClientChannelInitializer} builds
 * it (HTTP codec, login-route handler and all), with the proxy handler replaced by a stand-in that
 * records what reaches it. Plain {@code mvn verify} replays the committed request heads in {@code
 * ClientPipelineFuzzTestInputs/requestHeads}; {@code JAZZER_FUZZ=1} mutates them
 * (docs/security.md).
 *
 * <p>An input is the bytes a client sends. A first byte below 0x20, which the HTTP decoder skips
 * anyway, cuts the input into reads of that many bytes plus one; otherwise it arrives in one read.
 * The limits are the smallest the configuration accepts, so that the fuzzer reaches them.
 */
final class ClientPipelineFuzzTest {
    private static final ClientConfig CLIENT =
            new ClientConfig(
                    256,
                    1024,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(75),
                    ClientConfig.DEFAULT_REQUEST_BODY_TIMEOUT,
                    ClientConfig.DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND,
                    ClientConfig.DEFAULT_MAX_CONNECTIONS,
                    ClientConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                    true);
    private static final long MAX_LOGIN_BODY_BYTES = 256;
    private static final RecordingRoute ROUTE = new RecordingRoute();
    private static final LoginRoutes ROUTES =
            new LoginRouteTable(
                    List.of(new LoginRouteTable.Entry("POST", "/login", false, List.of(), ROUTE)));
    private static final ClientChannelInitializer INITIALIZER = initializer();

    @FuzzTest
    @Timeout(10)
    void requestHeads(byte[] input) throws Exception {
        ROUTE.attempts.clear();
        TrackingAllocator allocator = new TrackingAllocator();
        ProxyStandIn proxy = new ProxyStandIn();
        EmbeddedChannel channel = new EmbeddedChannel(false, false, INITIALIZER);
        channel.config().setAllocator(allocator).setAutoRead(false);
        channel.register();
        channel.pipeline().replace("proxy", "proxy", proxy);

        int first = input.length > 0 ? input[0] & 0xff : 0x20;
        int read = first < 0x20 ? first + 1 : Math.max(1, input.length);
        for (int at = 0; at < input.length && channel.isOpen(); at += read) {
            ByteBuf bytes = allocator.buffer(read);
            bytes.writeBytes(input, at, Math.min(read, input.length - at));
            channel.writeInbound(bytes);
            channel.runPendingTasks();
            channel.checkException();
        }
        List<String> answers = new ArrayList<>();
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            answers.add(written.toString(ISO_8859_1));
            written.release();
        }
        boolean closedByProxy = !channel.isOpen();
        channel.finishAndReleaseAll();
        channel.checkException();

        assertThat(proxy.errors).as("exceptions that reached the proxy handler").isEmpty();
        assertThat(proxy.violations).as("messages out of order").isEmpty();
        assertThat(allocator.unreleased()).as("buffers never released").isEmpty();
        for (String answer : answers) {
            // The pipeline itself only answers 100 Continue, 413 and the 400 of an ambiguous login;
            // the proxy answers the rest.
            assertThat(answer).matches("(?s)HTTP/1\\.1 (100|400|413) .*");
            if (!answer.startsWith("HTTP/1.1 100")) {
                assertThat(closedByProxy).as("closed after a refusal").isTrue();
            }
        }
        // Each login request passed on carries the body its route was shown, and no other.
        assertThat(proxy.loginBodies)
                .as("login request bodies passed on")
                .isEqualTo(
                        ROUTE.attempts.stream()
                                .map(a -> new String(a.body(), ISO_8859_1))
                                .toList());
        for (LoginAttempt attempt : ROUTE.attempts) {
            assertThat(ROUTES.match(attempt.method(), attempt.uri()))
                    .as("a login attempt only for a target that reaches the route")
                    .isInstanceOf(RouteMatch.Login.class);
            assertThat((long) attempt.body().length).isLessThanOrEqualTo(MAX_LOGIN_BODY_BYTES);
        }
    }

    private static ClientChannelInitializer initializer() {
        UpstreamConfig upstream =
                new UpstreamConfig(
                        URI.create("http://127.0.0.1:9"),
                        UpstreamConfig.DEFAULT_MAX_CONNECTIONS,
                        UpstreamConfig.DEFAULT_CONNECT_TIMEOUT,
                        UpstreamConfig.DEFAULT_RESPONSE_TIMEOUT,
                        UpstreamConfig.DEFAULT_POOL_IDLE_TIMEOUT,
                        true,
                        Optional.empty());
        ProxyMetrics metrics = new ProxyMetrics(new SimpleMeterRegistry());
        ProxyContext context =
                new ProxyContext(
                        upstream,
                        // Never asked for a connection: the stand-in replaces the proxy handler.
                        new UpstreamPools(
                                upstream,
                                NioSocketChannel.class,
                                UnpooledByteBufAllocator.DEFAULT,
                                1,
                                () -> {},
                                () -> {}),
                        metrics,
                        new ForwardedHeaders(new ForwardedConfig(List.of()), false),
                        ROUTES,
                        new AccessLog(true));
        return new ClientChannelInitializer(
                context,
                CLIENT,
                null,
                new DefaultChannelGroup("fuzzed clients", GlobalEventExecutor.INSTANCE),
                new ConnectionLimits(
                        CLIENT.maxConnections(),
                        CLIENT.maxConnectionsPerAddress(),
                        new ForwardedConfig(List.of())));
    }

    /**
     * Where the proxy handler would be: checks that what it would be handed makes sense (a request
     * head, its contents, its last content, then the next head; a failed head ends the stream) and
     * releases it.
     */
    private static final class ProxyStandIn extends ChannelInboundHandlerAdapter {
        final List<String> violations = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        final List<String> loginBodies = new ArrayList<>();
        private boolean inBody;
        private boolean failed;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                check(ctx, msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void check(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpObject object)) {
                violations.add("not an HTTP message: " + msg.getClass().getName());
                return;
            }
            if (failed) {
                violations.add("a message after a failed one: " + msg.getClass().getName());
                return;
            }
            if (object.decoderResult().isFailure()) {
                if (object.decoderResult().cause() == null) {
                    violations.add("a failure without a cause");
                }
                failed = true;
                return;
            }
            if (msg instanceof HttpRequest request) {
                if (inBody) {
                    violations.add("a head before the last content of the previous request");
                }
                if (msg instanceof LoginRequest login) {
                    loginBodies.add(login.content().toString(ISO_8859_1));
                } else if (isLoginRoute(request)) {
                    violations.add("a login-route request passed on unread");
                }
            } else if (!(msg instanceof HttpContent)) {
                violations.add("neither head nor content: " + msg.getClass().getName());
            } else if (!inBody && ctx.channel().isOpen()) {
                // After a 413 the decoder still hands on the rest of that body while the
                // connection closes; the proxy handler drops content it has no exchange for.
                violations.add("content without a request: " + msg.getClass().getName());
            }
            inBody = !(msg instanceof LastHttpContent);
        }

        private static boolean isLoginRoute(HttpRequest request) {
            return !(ROUTES.match(request.method().name(), request.uri())
                    instanceof RouteMatch.None);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
            ctx.close();
        }
    }

    /** The route of {@code POST /login}: records each attempt and lets it go on at once. */
    private static final class RecordingRoute implements LoginRoute {
        final List<LoginAttempt> attempts = new ArrayList<>();

        @Override
        public String name() {
            return "fuzzed";
        }

        @Override
        public long maxBodyBytes() {
            return MAX_LOGIN_BODY_BYTES;
        }

        @Override
        public Duration maxHold() {
            return Duration.ofSeconds(1);
        }

        @Override
        public CompletionStage<Forwarding> beforeForward(LoginAttempt attempt) {
            attempts.add(attempt);
            return CompletableFuture.completedFuture(Forwarding.UNHELD);
        }

        @Override
        public void refusedAsAmbiguous(String reason) {}
    }

    /** Unpooled heap buffers, each remembered, so that a leak is found on the spot, not at GC. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        List<ByteBuf> unreleased() {
            return allocated.stream().filter(b -> b.refCnt() > 0).toList();
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buffer = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buffer);
            return buffer;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            CompositeByteBuf buffer = super.compositeHeapBuffer(maxNumComponents);
            allocated.add(buffer);
            return buffer;
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return compositeHeapBuffer(maxNumComponents);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
