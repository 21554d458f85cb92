package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class RequestBodyTimeoutHandlerTest {
    /** 10 s windows at 1 KiB/s: each window of waiting must bring 10 KiB. */
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final MockTicker clock = Ticker.newMockTicker();
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel =
            EmbeddedChannel.builder()
                    .ticker(clock)
                    .handlers(new RequestBodyTimeoutHandler(WINDOW, 1024), events)
                    .build();

    RequestBodyTimeoutHandlerTest() {
        channel.config().setAutoRead(false);
    }

    @AfterEach
    void finish() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyThatNeverComesTimesOutAfterOneWindowOfWaiting() {
        channel.writeInbound(post(100));
        channel.read();
        elapse(Duration.ofSeconds(9));
        assertThat(events.timedOut).isZero();
        elapse(Duration.ofSeconds(1));
        assertThat(events.timedOut).isEqualTo(1);
        elapse(Duration.ofSeconds(30));
        assertThat(events.timedOut).as("fired once").isEqualTo(1);
    }

    @Test
    void aBodyDribbledBelowTheRateTimesOut() {
        channel.writeInbound(post(100_000));
        for (int second = 0; second < 10; second++) {
            channel.read();
            elapse(Duration.ofMillis(999));
            channel.writeInbound(content(100));
            elapse(Duration.ofMillis(1));
        }
        channel.read();
        elapse(Duration.ofMillis(20));
        assertThat(events.timedOut).isEqualTo(1);
    }

    @Test
    void aBodyAtTheRateGoesOnForAsLongAsItTakes() {
        channel.writeInbound(post(100_000));
        for (int window = 0; window < 6; window++) {
            channel.read();
            elapse(Duration.ofSeconds(9));
            channel.writeInbound(content(11 * 1024));
            channel.read();
            elapse(Duration.ofSeconds(1));
        }
        assertThat(events.timedOut).isZero();
        channel.writeInbound(new DefaultLastHttpContent());
        elapse(Duration.ofMinutes(5));
        assertThat(events.timedOut).as("no clock once the body ended").isZero();
    }

    @Test
    void timeWithoutAReadOutstandingDoesNotCount() {
        // The proxy stops reading while the upstream cannot take more: that is not the client.
        channel.writeInbound(post(100));
        channel.read();
        elapse(Duration.ofSeconds(5));
        channel.writeInbound(content(10));
        elapse(Duration.ofMinutes(2));
        assertThat(events.timedOut).isZero();
        channel.read();
        elapse(Duration.ofSeconds(4));
        assertThat(events.timedOut).isZero();
        elapse(Duration.ofSeconds(1));
        assertThat(events.timedOut).isEqualTo(1);
    }

    @Test
    void aClientWaitingForContinueIsNotTimedUntilItIsTold() {
        HttpRequest head = post(100);
        head.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
        channel.writeInbound(head);
        channel.read();
        elapse(Duration.ofMinutes(2));
        assertThat(events.timedOut).isZero();
        channel.writeOutbound(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        ReferenceCountUtil.release(channel.readOutbound());
        elapse(Duration.ofSeconds(10));
        assertThat(events.timedOut).isEqualTo(1);
    }

    @Test
    void aRequestWithoutABodyStartsNoClock() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        channel.read();
        elapse(Duration.ofMinutes(2));
        assertThat(events.timedOut).isZero();
    }

    private void elapse(Duration duration) {
        clock.advance(duration.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    private static HttpRequest post(int length) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up");
        head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        return head;
    }

    private static DefaultHttpContent content(int bytes) {
        return new DefaultHttpContent(Unpooled.buffer(bytes).writeZero(bytes));
    }

    /** Stands in for the proxy handler: drops what it reads, counts the timeouts. */
    private static final class EventRecorder extends ChannelInboundHandlerAdapter {
        int timedOut;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == RequestBodyTimeoutHandler.TIMED_OUT) {
                timedOut++;
            }
        }
    }
}
