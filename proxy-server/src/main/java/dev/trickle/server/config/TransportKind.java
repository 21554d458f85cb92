package dev.trickle.server.config;

/** Which Netty transport to run on; {@code AUTO} picks native epoll where Linux offers it. */
public enum TransportKind {
    AUTO,
    EPOLL,
    NIO
}
