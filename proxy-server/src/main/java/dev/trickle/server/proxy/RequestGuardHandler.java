package dev.trickle.server.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right after the HTTP decoder of a client connection, before anything reads a request, and
 * marks what must not be forwarded ({@link RequestHeadRules}). It never answers itself: a refused
 * head goes on with a failed decoder result naming the {@link ProxyError}, so the proxy handler
 * answers it in its turn (after any pipelined request before it) and closes the connection. Nothing
 * the client sent after a refused head is passed on at all: it would be read with the framing the
 * client chose, so a login route must not see it as a request, let alone check its credentials.
 *
 * <p>A body the decoder could not frame (an invalid chunk size, a chunk not ended by CRLF) arrives
 * as a last content with a failed result. It is marked {@link ProxyError#MALFORMED_BODY}, so that
 * it is never taken for the end of the request: the proxy answers 400 if it can and closes the
 * upstream connection, which then never sees the request complete.
 */
final class RequestGuardHandler extends ChannelInboundHandlerAdapter {
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                refused = true;
            } else {
                ProxyError error = RequestHeadRules.check(request);
                if (error != null) {
                    request.setDecoderResult(RejectedRequest.result(error));
                    refused = true;
                }
            }
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            content.setDecoderResult(RejectedRequest.result(ProxyError.MALFORMED_BODY));
            refused = true;
        }
        ctx.fireChannelRead(msg);
    }
}
