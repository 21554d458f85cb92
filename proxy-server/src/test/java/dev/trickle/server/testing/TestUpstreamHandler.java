package dev.trickle.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Request handling of {@link TestUpstream}; streams bodies, never aggregates them. */
final class TestUpstreamHandler extends ChannelInboundHandlerAdapter {
    private static final int DOWNLOAD_CHUNK = 64 * 1024;

    private final TestUpstream upstream;
    private HttpRequest request;
    private MessageDigest sha256;
    private long bodyBytes;
    private DownloadWriter downloadWriter;

    TestUpstreamHandler(TestUpstream upstream) {
        this.upstream = upstream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
            if (request == null) {
                upstream.httpConnectionOpened(ctx.channel());
            }
            request = head;
            bodyBytes = 0;
            sha256 = newSha256();
            if (new QueryStringDecoder(head.uri()).path().equals("/ws")) {
                upgradeToWebSocket(ctx, head);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            ByteBuf buf = content.content();
            bodyBytes += buf.readableBytes();
            sha256.update(buf.nioBuffer());
            HttpHeaders trailers =
                    msg instanceof LastHttpContent last ? last.trailingHeaders().copy() : null;
            content.release();
            if (trailers != null) {
                respond(ctx, trailers);
            }
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpHeaders trailers) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String digest = HexFormat.of().formatHex(sha256.digest());
        upstream.requests.add(
                new RecordedRequest(
                        request.method().name(),
                        request.uri(),
                        request.protocolVersion().text(),
                        request.headers().copy(),
                        trailers,
                        bodyBytes,
                        digest));
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        switch (query.path()) {
            case "/download" -> download(ctx, query, keepAlive);
            case "/slow" ->
                    ctx.executor()
                            .schedule(
                                    () -> send(ctx, echo(digest), keepAlive),
                                    Long.parseLong(param(query, "ms", "1000")),
                                    TimeUnit.MILLISECONDS);
            case "/status" -> {
                int code = Integer.parseInt(param(query, "code", "200"));
                send(ctx, full(HttpResponseStatus.valueOf(code), ""), keepAlive);
            }
            case "/trailers" -> trailers(ctx);
            case "/close-delimited" -> closeDelimited(ctx);
            default -> send(ctx, echo(digest), keepAlive);
        }
    }

    private FullHttpResponse echo(String digest) {
        StringBuilder json =
                new StringBuilder("{\"method\":\"").append(request.method()).append('"');
        json.append(",\"bodyBytes\":").append(bodyBytes);
        json.append(",\"sha256\":\"").append(digest).append("\"}");
        FullHttpResponse response = full(HttpResponseStatus.OK, json.toString());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().add("Set-Cookie", List.of("a=1; Path=/", "b=2; HttpOnly"));
        return response;
    }

    private static FullHttpResponse full(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    private static void send(
            ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void download(ChannelHandlerContext ctx, QueryStringDecoder query, boolean keepAlive) {
        long total = Long.parseLong(param(query, "bytes", "0"));
        boolean chunked = Boolean.parseBoolean(param(query, "chunked", "false"));
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(head, true);
        } else {
            HttpUtil.setContentLength(head, total);
        }
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        downloadWriter = new DownloadWriter(ctx, total, keepAlive);
        downloadWriter.writeMore();
    }

    private static void trailers(ChannelHandlerContext ctx) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        head.headers().set(HttpHeaderNames.TRAILER, "x-checksum");
        ctx.write(head);
        ctx.write(
                new DefaultHttpContent(Unpooled.copiedBuffer("part one,", StandardCharsets.UTF_8)));
        LastHttpContent last =
                new DefaultLastHttpContent(
                        Unpooled.copiedBuffer("part two", StandardCharsets.UTF_8));
        last.trailingHeaders().set("x-checksum", "abc123");
        ctx.writeAndFlush(last);
    }

    private static void closeDelimited(ChannelHandlerContext ctx) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(head);
        ctx.writeAndFlush(
                        new DefaultLastHttpContent(
                                Unpooled.copiedBuffer("until the end", StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void upgradeToWebSocket(ChannelHandlerContext ctx, HttpRequest head) {
        String location = "ws://" + head.headers().get(HttpHeaderNames.HOST) + "/ws";
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(location, null, true, 1 << 20)
                        .newHandshaker(head);
        ctx.pipeline().remove(HttpServerExpectContinueHandler.class);
        ctx.pipeline().replace(this, "ws-echo", new WebSocketEcho());
        ctx.pipeline()
                .addBefore(
                        "ws-echo",
                        "ws-aggregate",
                        new io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator(
                                1 << 20));
        handshaker.handshake(ctx.channel(), head);
    }

    private static String param(QueryStringDecoder query, String name, String fallback) {
        Map<String, List<String>> params = query.parameters();
        return params.containsKey(name) ? params.get(name).get(0) : fallback;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class WebSocketEcho extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                ctx.writeAndFlush(new TextWebSocketFrame("echo: " + text.text()));
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                ctx.writeAndFlush(close.retainedDuplicate())
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof WebSocketFrame) {
                super.channelRead(ctx, msg);
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (downloadWriter != null && ctx.channel().isWritable()) {
            downloadWriter.writeMore();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Writes a generated body only as fast as the peer takes it, as a real file server would. */
    private final class DownloadWriter {
        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;
        private long remaining;

        DownloadWriter(ChannelHandlerContext ctx, long total, boolean keepAlive) {
            this.ctx = ctx;
            this.remaining = total;
            this.keepAlive = keepAlive;
        }

        void writeMore() {
            while (remaining > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(DOWNLOAD_CHUNK, remaining);
                ByteBuf chunk = ctx.alloc().buffer(n).writeZero(n);
                remaining -= n;
                upstream.downloadBytesWritten.addAndGet(n);
                ctx.write(new DefaultHttpContent(chunk));
            }
            if (remaining == 0) {
                downloadWriter = null;
                var done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                if (!keepAlive) {
                    done.addListener(ChannelFutureListener.CLOSE);
                }
            } else {
                ctx.flush();
            }
        }
    }
}
