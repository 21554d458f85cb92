package dev.trickle.server.proxy.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * The HTTP/1.1 client codec of an upstream connection. Netty's {@code HttpClientCodec} would do,
 * but it cannot say whether the upstream has sent bytes beyond the response just decoded; this one
 * can ({@link #holdsUnreadBytes()}), so that a connection whose upstream sent more than it was
 * asked for is closed instead of handing those bytes to the next client's request. It decodes with
 * RFC 9112's transfer-coding rules (a response with both Content-Length and Transfer-Encoding
 * fails).
 *
 * <p>Requests are never pipelined upstream, so one remembered method is all a HEAD response (no
 * body whatever its headers say) needs.
 */
public final class UpstreamHttpCodec
        extends CombinedChannelDuplexHandler<UpstreamHttpCodec.Decoder, UpstreamHttpCodec.Encoder> {
    private HttpMethod lastMethod = HttpMethod.GET;

    UpstreamHttpCodec(HttpDecoderConfig config) {
        Decoder decoder = new Decoder(config.setUseRfc9112TransferEncoding(true));
        init(decoder, new Encoder());
    }

    /**
     * True when the decoder holds bytes of a message it has not passed on yet: the start of a
     * response head, or its first lines.
     */
    boolean holdsUnreadBytes() {
        return inboundHandler().holdsUnreadBytes();
    }

    final class Decoder extends HttpResponseDecoder {
        /** A head's first line was decoded and its headers have not all arrived. */
        private boolean headStarted;

        Decoder(HttpDecoderConfig config) {
            super(config);
        }

        boolean holdsUnreadBytes() {
            return headStarted || actualReadableBytes() > 0;
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) {
            headStarted = true;
            return super.createMessage(initialLine);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            headStarted = false;
            int code = ((HttpResponse) msg).status().code();
            if (code >= 200 && HttpMethod.HEAD.equals(lastMethod)) {
                return true;
            }
            return super.isContentAlwaysEmpty(msg);
        }
    }

    final class Encoder extends HttpRequestEncoder {
        @Override
        protected void encodeInitialLine(ByteBuf buf, HttpRequest request) throws Exception {
            lastMethod = request.method();
            super.encodeInitialLine(buf, request);
        }
    }
}
