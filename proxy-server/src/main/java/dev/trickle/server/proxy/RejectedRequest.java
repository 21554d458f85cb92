package dev.trickle.server.proxy;

import io.netty.handler.codec.DecoderResult;
import java.util.EnumMap;
import java.util.Map;

/**
 * Why the proxy refuses a decoded request head or body, carried as the message's failed decoder
 * result so that the proxy handler answers it in turn, after any pipelined request before it. A
 * refusal is an expected outcome a client can cause at will, so the exception has no stack trace
 * and each one is made once.
 */
final class RejectedRequest extends Exception {
    private static final long serialVersionUID = 1L;

    private static final Map<ProxyError, DecoderResult> RESULTS = new EnumMap<>(ProxyError.class);

    static {
        for (ProxyError error : ProxyError.values()) {
            RESULTS.put(error, DecoderResult.failure(new RejectedRequest(error)));
        }
    }

    private final ProxyError error;

    private RejectedRequest(ProxyError error) {
        super(error.tag(), null, false, false);
        this.error = error;
    }

    ProxyError error() {
        return error;
    }

    /** The failed decoder result that marks a message refused for {@code error}. */
    static DecoderResult result(ProxyError error) {
        return RESULTS.get(error);
    }
}
