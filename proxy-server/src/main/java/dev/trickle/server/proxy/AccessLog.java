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

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
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
                .addKeyValue("path", exchange.path)
                .addKeyValue("route", exchange.route)
                .addKeyValue("status", exchange.status)
                .addKeyValue("duration_ms", micros / 1000.0)
                .addKeyValue("request_bytes", exchange.requestBytes)
                .addKeyValue("response_bytes", exchange.responseBytes)
                .addKeyValue("aborted", aborted)
                .log("access");
    }
}
