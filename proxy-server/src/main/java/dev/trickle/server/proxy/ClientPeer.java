package dev.trickle.server.proxy;

import java.net.Inet6Address;
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
    private String forwardedFor;

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

    /** The peer as a {@code Forwarded} element (RFC 7239): IPv6 addresses quoted in brackets. */
    String forwardedFor() {
        if (forwardedFor == null) {
            forwardedFor =
                    address instanceof Inet6Address ? "for=\"[" + text + "]\"" : "for=" + text;
        }
        return forwardedFor;
    }

    /** Null until the trusted-proxies list was consulted. */
    Boolean trusted() {
        return trusted;
    }

    void setTrusted(boolean value) {
        trusted = value;
    }
}
