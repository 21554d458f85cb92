package dev.trickle.server.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trickle.server.netty.FullResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Hands each request to the router on a worker pool (spec validation is too slow for an event
 * loop), then writes the answer back on the channel's loop, after the injected latency.
 */
@ChannelHandler.Sharable
final class ClerkEmulatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final EmulatorRouter router;
    private final Faults faults;
    private final ExecutorService workers;

    ClerkEmulatorHandler(EmulatorRouter router, Faults faults, ExecutorService workers) {
        this.router = router;
        this.faults = faults;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            write(
                    ctx,
                    ClerkErrors.of(
                            HttpResponseStatus.BAD_REQUEST,
                            "malformed_request",
                            "Malformed request",
                            "The request could not be parsed"),
                    false);
            return;
        }
        String method = request.method().name();
        String uri = request.uri();
        Map<String, String> headers = new HashMap<>();
        request.headers()
                .forEach(
                        e ->
                                headers.putIfAbsent(
                                        e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        byte[] body = ByteBufUtil.getBytes(request.content());
        try {
            workers.execute(
                    () -> {
                        faults.awaitRelease(method, uri);
                        EmulatorResponse response = router.handle(method, uri, headers, body);
                        long delay =
                                uri.startsWith("/__emulator/") ? 0 : faults.latency().toMillis();
                        ctx.executor()
                                .schedule(
                                        () -> write(ctx, response, keepAlive),
                                        delay,
                                        TimeUnit.MILLISECONDS);
                    });
        } catch (RejectedExecutionException e) {
            write(
                    ctx,
                    ClerkErrors.of(
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "service_unavailable",
                            "Shutting down",
                            "The emulator is shutting down"),
                    false);
        }
    }

    private static void write(
            ChannelHandlerContext ctx, EmulatorResponse response, boolean keepAlive) {
        byte[] bytes;
        try {
            bytes = EmulatorJson.MAPPER.writeValueAsBytes(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse out = FullResponses.of(response.status(), "application/json", bytes);
        response.headers().forEach(out.headers()::set);
        FullResponses.send(ctx, out, keepAlive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
