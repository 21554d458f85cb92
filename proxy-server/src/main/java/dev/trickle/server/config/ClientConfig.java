package dev.trickle.server.config;

import java.time.Duration;

/**
 * Limits on client connections, so that no client can wedge the proxy.
 *
 * @param maxInitialLineBytes a longer request line is answered 414
 * @param maxHeaderBytes larger request headers are answered 431
 * @param requestHeaderTimeout the whole request head must arrive within it (slowloris), else 408
 * @param idleTimeout a connection with no traffic either way for this long is closed
 * @param requestBodyTimeout each such stretch of waiting for a request body must bring at least
 *     {@code minRequestBodyBytesPerSecond} times its length in bytes (one byte at the least), else
 *     408
 * @param minRequestBodyBytesPerSecond the slowest request body accepted; 0 leaves only the timeout
 * @param maxConnections client connections open at once; more are closed as they are accepted
 * @param maxConnectionsPerAddress client connections open at once from one IPv4 address or IPv6 /64
 *     (trusted proxies excepted); more are closed as they are accepted
 * @param accessLog one log line per request on the {@code trickle.access} logger
 */
public record ClientConfig(
        int maxInitialLineBytes,
        int maxHeaderBytes,
        Duration requestHeaderTimeout,
        Duration idleTimeout,
        Duration requestBodyTimeout,
        long minRequestBodyBytesPerSecond,
        int maxConnections,
        int maxConnectionsPerAddress,
        boolean accessLog) {

    public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);

    /** Slower than a dial-up modem: no real upload is cut off, a dribbled one is. */
    public static final long DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND = 1024;

    /** Well below the file descriptors a JVM gets by default on Linux (the hard limit). */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /**
     * About forty browsers' worth of keep-alive connections behind one NAT, and a quarter of the
     * default upstream pool: one address cannot take all of it.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

    private static final int MAX_CONNECTIONS_LIMIT = 1_000_000;

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
                                Duration.ofHours(24)),
                        node.duration(
                                "requestBodyTimeout",
                                DEFAULT_REQUEST_BODY_TIMEOUT,
                                Duration.ofMillis(100),
                                Duration.ofMinutes(10)),
                        node.bytes(
                                "minRequestBodyBytesPerSecond",
                                DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND,
                                0,
                                1024L * 1024 * 1024),
                        node.integer(
                                "maxConnections",
                                DEFAULT_MAX_CONNECTIONS,
                                1,
                                MAX_CONNECTIONS_LIMIT),
                        node.integer(
                                "maxConnectionsPerAddress",
                                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                                1,
                                MAX_CONNECTIONS_LIMIT),
                        node.bool("accessLog", false));
        node.rejectUnknownKeys();
        return config;
    }
}
