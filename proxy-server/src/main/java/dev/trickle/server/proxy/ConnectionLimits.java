package dev.trickle.server.proxy;

import dev.trickle.server.config.ForwardedConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps client connections open at once, overall and per source, checked as each one is accepted (by
 * every event loop at once, hence the concurrent counts). A source is an IPv4 address or an IPv6
 * /64, since one IPv6 host usually holds a whole /64. Trusted proxies count only towards the
 * overall cap: behind a load balancer every client shares its address.
 */
final class ConnectionLimits {
    private final int max;
    private final int maxPerSource;
    private final ForwardedConfig forwarded;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<Source, Integer> openPerSource = new ConcurrentHashMap<>();

    ConnectionLimits(int max, int maxPerSource, ForwardedConfig forwarded) {
        this.max = max;
        this.maxPerSource = maxPerSource;
        this.forwarded = forwarded;
    }

    /**
     * Counts a connection from {@code address} in, unless a cap is reached.
     *
     * @param address the peer's IP address, or null for a peer that has none (an in-process
     *     channel), which counts towards the overall cap only
     * @return null when admitted (then {@link #release} must follow when it closes), else why not
     */
    ConnectionRefusal admit(InetAddress address) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return ConnectionRefusal.MAX_CONNECTIONS;
        }
        if (address == null || forwarded.isTrusted(address)) {
            return null;
        }
        Source source = source(address);
        boolean[] full = new boolean[1];
        openPerSource.compute(
                source,
                (key, count) -> {
                    int current = count == null ? 0 : count;
                    if (current >= maxPerSource) {
                        full[0] = true;
                        return count;
                    }
                    return current + 1;
                });
        if (full[0]) {
            open.decrementAndGet();
            return ConnectionRefusal.MAX_CONNECTIONS_PER_ADDRESS;
        }
        return null;
    }

    /** Counts out a connection that {@link #admit} let in. */
    void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null && !forwarded.isTrusted(address)) {
            openPerSource.computeIfPresent(
                    source(address), (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    int open() {
        return open.get();
    }

    /** An IPv4 address, or the first 64 bits of an IPv6 one. */
    private record Source(long bits, boolean ipv6) {}

    private static Source source(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean ipv6 = address instanceof Inet6Address;
        int n = ipv6 ? 8 : bytes.length;
        long bits = 0;
        for (int i = 0; i < n; i++) {
            bits = (bits << 8) | (bytes[i] & 0xFF);
        }
        return new Source(bits, ipv6);
    }
}
