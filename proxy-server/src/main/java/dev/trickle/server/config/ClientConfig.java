package dev.trickle.server.config;

import java.time.Duration;

/**
 * Limits on client connections, so that no client can wedge the proxy.
 *
 * @param maxInitialLineBytes a longer request line is answered 414
 * @param maxHeaderBytes larger request headers are answered 431
 * @param requestHeaderTimeout the whole request head must arrive within it (slowloris), else 408
 * @param idleTimeout a connection with no traffic either way for this long is closed
 */
public record ClientConfig(
        int maxInitialLineBytes,
        int maxHeaderBytes,
        Duration requestHeaderTimeout,
        Duration idleTimeout) {

    public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);

    static ClientConfig read(ConfigNode node) {
        var config =
                new ClientConfig(
                        (int)
                                node.bytes(
                                        "maxInitialLineBytes",
                                        DEFAULT_MAX_INITIAL_LINE_BYTES,
                                        256,
                                        1024 * 1024),
                        (int)
                                node.bytes(
                                        "maxHeaderBytes",
                                        DEFAULT_MAX_HEADER_BYTES,
                                        1024,
                                        1024 * 1024),
                        node.duration(
                                "requestHeaderTimeout",
                                DEFAULT_REQUEST_HEADER_TIMEOUT,
                                Duration.ofMillis(100),
                                Duration.ofMinutes(10)),
                        node.duration(
                                "idleTimeout",
                                DEFAULT_IDLE_TIMEOUT,
                                Duration.ofMillis(100),
                                Duration.ofHours(24)));
        node.rejectUnknownKeys();
        return config;
    }
}
