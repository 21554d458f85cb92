package dev.trickle.server.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 section
 * 7.6.1): Connection and every header it names, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade
 * and Proxy-*. Framing is then set afresh for the next hop, so a client cannot smuggle its own.
 */
final class HopByHopHeaders {
    /** Netty deprecates its own constant for it (Keep-Alive is obsolete), yet clients send it. */
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");

    private static final AsciiString PROXY_PREFIX = AsciiString.cached("proxy-");

    private static final List<AsciiString> FIXED =
            List.of(
                    HttpHeaderNames.CONNECTION,
                    KEEP_ALIVE,
                    HttpHeaderNames.TE,
                    HttpHeaderNames.TRAILER,
                    HttpHeaderNames.TRANSFER_ENCODING,
                    HttpHeaderNames.UPGRADE);

    private HopByHopHeaders() {}

    /**
     * @param keepUpgrade keep {@code Upgrade} and answer with {@code Connection: upgrade}, for a
     *     protocol switch that is being tunnelled
     */
    static void strip(HttpHeaders headers, boolean keepUpgrade) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            if (connection.indexOf(',') < 0) {
                headers.remove(connection.trim());
                continue;
            }
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
        removeProxyHeaders(headers);
        if (keepUpgrade && upgrade != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        }
    }

    private static void removeProxyHeaders(HttpHeaders headers) {
        List<CharSequence> proxyHeaders = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            if (name.length() > PROXY_PREFIX.length()
                    && AsciiString.regionMatchesAscii(
                            name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
                if (proxyHeaders == null) {
                    proxyHeaders = new ArrayList<>(2);
                }
                proxyHeaders.add(name);
            }
        }
        if (proxyHeaders != null) {
            proxyHeaders.forEach(headers::remove);
        }
    }

    /** True when the request asks to switch protocols (WebSocket and friends). */
    static boolean isUpgradeRequest(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE, true);
    }
}
