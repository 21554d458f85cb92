package dev.trickle.server.proxy;

import dev.trickle.server.config.ForwardedConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the upstream who the client is. A trusted peer's forwarding headers are kept and the peer
 * appended to its chains ({@code X-Forwarded-For}, and {@code Forwarded} when it sent one); an
 * untrusted peer's are discarded, since any client could have written them: {@code
 * X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code X-Real-IP} are set from the
 * connection, and every other header a framework reads for the client's address, scheme, port or
 * path prefix is removed ({@code Forwarded} first of all: Rack and Rails prefer it to {@code
 * X-Forwarded-*}).
 */
final class ForwardedHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");

    /**
     * Read by Rack, Rails, Django, Laravel/Symfony or Spring; only a trusted proxy may set them.
     */
    private static final AsciiString[] TRUSTED_ONLY = {
        FORWARDED,
        AsciiString.cached("x-forwarded-port"),
        AsciiString.cached("x-forwarded-prefix"),
        AsciiString.cached("x-forwarded-ssl"),
        AsciiString.cached("x-forwarded-scheme"),
        AsciiString.cached("client-ip"),
        AsciiString.cached("true-client-ip"),
    };

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
            if (headers.contains(FORWARDED)) {
                String elements = String.join(", ", headers.getAll(FORWARDED));
                headers.set(FORWARDED, elements + ", " + peer.forwardedFor());
            }
        } else {
            headers.set(X_FORWARDED_FOR, peerAddress);
            headers.set(X_FORWARDED_PROTO, scheme);
            setOrRemove(headers, X_FORWARDED_HOST, host);
            headers.set(X_REAL_IP, peerAddress);
            for (AsciiString name : TRUSTED_ONLY) {
                headers.remove(name);
            }
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
