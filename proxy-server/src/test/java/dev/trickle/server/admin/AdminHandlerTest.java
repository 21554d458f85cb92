package dev.trickle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.Secret;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class AdminHandlerTest {
    private static final String TOKEN = "a-token-of-twenty-four-chars";

    /** Holds blocking work until the test runs it, as a busy blocking thread would. */
    private final ArrayDeque<Runnable> blockingWork = new ArrayDeque<>();

    private final Thread[] handledOn = new Thread[1];
    private final AdminRoute write =
            new AdminRoute() {
                @Override
                public String path() {
                    return "/migration";
                }

                @Override
                public boolean blocks(FullHttpRequest request) {
                    return true;
                }

                @Override
                public FullHttpResponse handle(FullHttpRequest request) {
                    handledOn[0] = Thread.currentThread();
                    return AdminResponses.text(HttpResponseStatus.OK, "written\n");
                }
            };
    private EmbeddedChannel channel = channel(blockingWork::add);

    private EmbeddedChannel channel(Executor blocking) {
        return new EmbeddedChannel(
                new AdminHandler(
                        Map.of("/health/live", HealthRoutes.live(), "/migration", write),
                        Optional.of(Secret.of(TOKEN)),
                        AdminHosts.of("127.0.0.1", List.of("trickle-admin.internal")),
                        blocking));
    }

    @AfterEach
    void noLeaks() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHostNameTheOperatorDidNotListIsMisdirected() {
        for (String host :
                List.of(
                        "127.0.0.1:9090",
                        "10.1.2.3:9090",
                        "[::1]:9090",
                        "localhost:9090",
                        "LOCALHOST",
                        "trickle-admin.internal:9090",
                        "trickle-admin.internal.")) {
            assertThat(status(get("/health/live", host))).as(host).isEqualTo(200);
        }
        for (String host :
                List.of(
                        "evil.example:9090",
                        "127.0.0.1.evil.example",
                        "trickle-admin",
                        "",
                        "127.0.0.1:90x",
                        "[evil]:9090",
                        "10.1.2.300")) {
            assertThat(status(get("/health/live", host))).as(host).isEqualTo(421);
        }
    }

    @Test
    void http11WithoutHostIsMisdirectedAndHttp10MayOmitIt() {
        FullHttpRequest without =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health/live");
        assertThat(status(without)).isEqualTo(421);
        FullHttpRequest old =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/health/live");
        assertThat(status(old)).isEqualTo(200);
    }

    @Test
    void aBlockingRouteRunsOffTheLoopAndIsAnsweredOnItAfterwards() throws Exception {
        channel.writeInbound(put());
        channel.writeInbound(get("/health/live", "127.0.0.1"));
        assertThat(channel.<Object>readOutbound()).as("nothing until the work ran").isNull();
        assertThat(channel.config().isAutoRead()).isFalse();

        Thread worker = new Thread(blockingWork.poll(), "test-blocking");
        worker.start();
        worker.join();
        channel.runPendingTasks();

        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        response.release();
        assertThat(handledOn[0]).isSameAs(worker);
        assertThat(channel.<Object>readOutbound())
                .as("the request pipelined behind it is dropped, not answered first")
                .isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aFullQueueOfChangesIs503() {
        channel.finishAndReleaseAll();
        channel =
                channel(
                        task -> {
                            throw new RejectedExecutionException("full");
                        });
        assertThat(status(put())).isEqualTo(503);
        assertThat(handledOn[0]).isNull();
    }

    private FullHttpRequest put() {
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/migration");
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:9090");
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN);
        return request;
    }

    private static FullHttpRequest get(String path, String host) {
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, host);
        return request;
    }

    private int status(FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        int code = response.status().code();
        response.release();
        return code;
    }
}
