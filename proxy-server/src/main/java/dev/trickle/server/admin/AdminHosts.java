package dev.trickle.server.admin;

import dev.trickle.server.config.AdminConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Host values the admin port answers to. A page on an attacker's site can make a browser on the
 * operator's machine send requests to the admin port by pointing its own name at 127.0.0.1 (DNS
 * rebinding); such a request carries the attacker's name as Host, so only names the operator
 * expects are served: {@code localhost}, the listen host and {@code admin.allowedHosts}. An IP
 * literal is always accepted, since rebinding needs a name: that keeps Prometheus, the kubelet and
 * other probes that address a pod by IP working without any setting.
 */
final class AdminHosts {
    private final Set<String> names;

    private AdminHosts(Set<String> names) {
        this.names = names;
    }

    static AdminHosts of(AdminConfig config) {
        return of(config.listen().host(), config.allowedHosts());
    }

    static AdminHosts of(String listenHost, List<String> allowedHosts) {
        Set<String> names = new HashSet<>(allowedHosts);
        names.add("localhost");
        names.add(listenHost.toLowerCase(Locale.ROOT));
        return new AdminHosts(Set.copyOf(names));
    }

    /** HTTP/1.0 may omit Host (a browser never does); HTTP/1.1 must send one. */
    boolean accepts(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        }
        return accepts(host);
    }

    boolean accepts(String hostHeader) {
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 1
                    && isPortOrNothing(host, close + 1)
                    && isIpv6Literal(host.substring(1, close));
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!isPortOrNothing(host, colon)) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return isIpv4Literal(host) || names.contains(host.toLowerCase(Locale.ROOT));
    }

    private static boolean isPortOrNothing(String host, int from) {
        if (from == host.length()) {
            return true;
        }
        if (host.charAt(from) != ':' || from + 1 == host.length()) {
            return false;
        }
        for (int i = from + 1; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9' || i - from > 5) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4Literal(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3) {
                return false;
            }
            for (int i = 0; i < octet.length(); i++) {
                if (octet.charAt(i) < '0' || octet.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Literal(String address) {
        if (address.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if ((c < '0' || c > '9') && "abcdefABCDEF:.".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
