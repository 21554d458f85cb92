package dev.trickle.server.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may tell us who the client is. {@code X-Forwarded-*} headers from a trusted proxy are
 * kept and appended to; from anyone else they are replaced, since a client could forge them.
 */
public record ForwardedConfig(List<CidrRange> trustedProxies) {

    public ForwardedConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public boolean isTrusted(InetAddress peer) {
        for (CidrRange range : trustedProxies) {
            if (range.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    static ForwardedConfig read(ConfigNode node) {
        List<CidrRange> ranges = new ArrayList<>();
        List<String> values = node.strings("trustedProxies");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            CidrRange.parse(value)
                    .ifPresentOrElse(
                            ranges::add,
                            () ->
                                    node.problems()
                                            .invalid(
                                                    node.pathOf("trustedProxies")
                                                            + "["
                                                            + ranges.size()
                                                            + "]",
                                                    value,
                                                    "an IP address or CIDR range, e.g. 10.0.0.0/8"));
        }
        node.rejectUnknownKeys();
        return new ForwardedConfig(ranges);
    }
}
