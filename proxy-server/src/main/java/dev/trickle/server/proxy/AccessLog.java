package dev.trickle.server.proxy;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per finished exchange on the {@code trickle.access} logger, when {@code
 * client.accessLog} is on: request id, client, method, path, route, status, duration and body bytes
 * each way. The path is logged without its query, where reset and sign-in tokens travel.
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("trickle.access");

    private static final int MAX_PATH_CHARS = 256;
    private static final String PATH_CHARS = "/-._~%!$&'()*+,;:@";

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The client chose the path: anything but plain path characters is percent-encoded, so that no
     * quote, control character or {@code key=value} look-alike can forge a field in a text log
     * line, and a long path is cut.
     */
    static String loggable(String path) {
        StringBuilder out = new StringBuilder(Math.min(path.length(), MAX_PATH_CHARS) + 8);
        for (int i = 0; i < path.length() && out.length() < MAX_PATH_CHARS; i++) {
            char c = path.charAt(i);
            if (c < 0x80 && PATH_CHARS.indexOf(c) >= 0
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", c & 0xFF));
            }
        }
        if (path.length() > MAX_PATH_CHARS) {
            out.append("...");
        }
        return out.toString();
    }

    /** {@code aborted}: the connection was cut after the response had begun. */
    void record(Exchange exchange, ClientPeer peer, boolean aborted) {
        if (!enabled || !log.isInfoEnabled()) {
            return;
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - exchange.startNanos);
        log.atInfo()
                .addKeyValue("request_id", exchange.requestId)
                .addKeyValue("client", peer == null ? "" : peer.text())
                .addKeyValue("method", exchange.method.name())
                .addKeyValue("path", loggable(exchange.path))
                .addKeyValue("route", exchange.route)
                .addKeyValue("status", exchange.status)
                .addKeyValue("duration_ms", micros / 1000.0)
                .addKeyValue("request_bytes", exchange.requestBytes)
                .addKeyValue("response_bytes", exchange.responseBytes)
                .addKeyValue("aborted", aborted)
                .log("access");
    }
}
