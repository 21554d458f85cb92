package dev.trickle.server.proxy.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.login.Forwarding;
import dev.trickle.core.login.LoginRouteTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The login handler between a real HTTP codec and a stand-in for the proxy handler. */
final class LoginRouteHandlerTest {
    private static final String FORM = "username=ada&password=pw";

    private RecordingLoginRoute route;
    private final List<String> forwarded = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void start() {
        route = new RecordingLoginRoute(1024, Duration.ofSeconds(5));
        channel =
                new EmbeddedChannel(
                        new HttpServerCodec(),
                        new LoginRouteHandler(
                                new LoginRouteTable(
                                        List.of(
                                                new LoginRouteTable.Entry(
                                                        "POST", "/login", false, List.of(),
                                                        route)))),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof HttpRequest request) {
                                    forwarded.add(request.method() + " " + request.uri());
                                }
                                ReferenceCountUtil.release(msg);
                            }
                        });
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void spellingsTheAppRoutesToTheLoginAreIntercepted() {
        for (String line :
                List.of(
                        "post /login",
                        "POST //login/",
                        "POST /./LOGIN;jsessionid=1",
                        "POST http://example.com/login?next=/")) {
            send(
                    line
                            + " HTTP/1.1\r\nHost: a\r\nContent-Length: "
                            + FORM.length()
                            + "\r\n\r\n"
                            + FORM);
            assertThat(route.beforeForward.poll()).as(line).isNotNull();
            respond("ok");
            assertThat(answers()).hasSize(1);
        }
        assertThat(forwarded).hasSize(4);
    }

    @Test
    void anAmbiguousTargetIsRefusedWithoutReadingOrForwardingIt() {
        send(
                "POST /login%2F HTTP/1.1\r\nHost: a\r\nContent-Length: "
                        + FORM.length()
                        + "\r\n\r\n"
                        + FORM);
        List<String> answers = answers();
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0))
                .startsWith("HTTP/1.1 400 Bad Request")
                .contains("connection: close")
                .contains("encoded slash");
        assertThat(route.ambiguous).hasSize(1);
        assertThat(route.beforeForward).isEmpty();
        assertThat(forwarded).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    /** Found by ClientPipelineFuzzTest: a stray escape used to close every such connection. */
    @Test
    void aPathThatDoesNotDecodeAndReachesNoRoutePassesThroughUntouched() {
        send("POST /100%zz HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
        channel.checkException();
        assertThat(forwarded).containsExactly("POST /100%zz");
        assertThat(route.beforeForward).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aLoginTheRouteRefusesIsAnsweredAfterTheResponsesOwedBeforeIt() {
        route.refusal = new Forwarding.Refused(400, "form field username appears more than once");
        send(
                "GET /before HTTP/1.1\r\nHost: a\r\n\r\n"
                        + "POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: "
                        + FORM.length()
                        + "\r\n\r\n"
                        + FORM
                        + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(forwarded).containsExactly("GET /before");
        assertThat(answers()).as("nothing may overtake the answer to /before").isEmpty();

        respond("before");
        List<String> answers = answers();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0)).startsWith("HTTP/1.1 200 OK").endsWith("before");
        assertThat(answers.get(1))
                .startsWith("HTTP/1.1 400 Bad Request")
                .contains("form field username appears more than once");
        assertThat(forwarded).as("nothing after the refused login").containsExactly("GET /before");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHeldAnswerIsReleasedOnlyWhenTheInspectionIsDone() {
        route.nextAfterResponse = new java.util.concurrent.CompletableFuture<>();
        send(
                "POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: "
                        + FORM.length()
                        + "\r\n\r\n"
                        + FORM);
        respond("welcome");
        assertThat(route.afterResponse).hasSize(1);
        assertThat(answers()).isEmpty();
        route.nextAfterResponse.complete(null);
        channel.runPendingTasks();
        assertThat(answers()).singleElement().asString().endsWith("welcome");
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    /** What the proxy handler would write back for the oldest request it forwarded. */
    private void respond(String body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length());
        channel.writeAndFlush(response);
        channel.runPendingTasks();
    }

    /** The responses written to the client so far, one string each. */
    private List<String> answers() {
        StringBuilder bytes = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            bytes.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        List<String> answers = new ArrayList<>();
        for (String part : bytes.toString().split("(?=HTTP/1\\.1 )")) {
            if (!part.isEmpty()) {
                answers.add(part);
            }
        }
        return answers;
    }
}
