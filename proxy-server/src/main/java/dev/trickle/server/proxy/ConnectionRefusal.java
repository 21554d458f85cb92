package dev.trickle.server.proxy;

/** Why a client connection was closed as it was accepted; a tag of the refusals counter. */
public enum ConnectionRefusal {
    MAX_CONNECTIONS("max_connections"),
    MAX_CONNECTIONS_PER_ADDRESS("max_connections_per_address");

    private final String tag;

    ConnectionRefusal(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
