package dev.trickle.server.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The address a client connection comes from, formatted and judged once per connection rather than
 * once per request.
 */
final class ClientPeer {
    private final InetAddress address;
    private final String text;
    private Boolean trusted;

    private ClientPeer(InetAddress address) {
        this.address = address;
        this.text = address.getHostAddress();
    }

    static ClientPeer of(InetSocketAddress remote) {
        return new ClientPeer(remote.getAddress());
    }

    InetAddress address() {
        return address;
    }

    String text() {
        return text;
    }

    /** Null until the trusted-proxies list was consulted. */
    Boolean trusted() {
        return trusted;
    }

    void setTrusted(boolean value) {
        trusted = value;
    }
}
