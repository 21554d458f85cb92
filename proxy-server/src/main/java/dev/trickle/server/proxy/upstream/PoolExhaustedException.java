package dev.trickle.server.proxy.upstream;

/** Every pooled upstream connection stayed busy for longer than the acquire timeout. */
public final class PoolExhaustedException extends Exception {
    private static final long serialVersionUID = 1L;

    PoolExhaustedException() {
        super("all upstream connections are busy", null, false, false);
    }
}
