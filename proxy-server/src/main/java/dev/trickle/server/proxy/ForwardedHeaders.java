package dev.trickle.server.proxy;

import dev.trickle.server.config.ForwardedConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the upstream who the client is. A trusted peer's {@code X-Forwarded-*} chain is kept and
 * the peer appended; an untrusted peer's is discarded, since any client could have written it.
 */
final class ForwardedHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");

    private final ForwardedConfig config;
    private final String scheme;

    ForwardedHeaders(ForwardedConfig config, boolean tls) {
        this.config = config;
        this.scheme = tls ? "https" : "http";
    }

    /**
     * @param host the Host the client sent, before any rewrite for the upstream
     */
    void apply(HttpHeaders headers, ClientPeer peer, String host) {
        String peerAddress = peer.text();
        if (peer.trusted() == null) {
            peer.setTrusted(config.isTrusted(peer.address()));
        }
        if (peer.trusted()) {
            String chain = String.join(", ", headers.getAll(X_FORWARDED_FOR));
            headers.set(
                    X_FORWARDED_FOR, chain.isEmpty() ? peerAddress : chain + ", " + peerAddress);
            setIfAbsent(headers, X_FORWARDED_PROTO, scheme);
            setIfAbsent(headers, X_FORWARDED_HOST, host);
        } else {
            headers.set(X_FORWARDED_FOR, peerAddress);
            headers.set(X_FORWARDED_PROTO, scheme);
            setOrRemove(headers, X_FORWARDED_HOST, host);
        }
    }

    private static void setIfAbsent(HttpHeaders headers, AsciiString name, String value) {
        if (!headers.contains(name) && value != null) {
            headers.set(name, value);
        }
    }

    private static void setOrRemove(HttpHeaders headers, AsciiString name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.set(name, value);
        }
    }

    static String host(HttpHeaders headers) {
        return headers.get(HttpHeaderNames.HOST);
    }
}
