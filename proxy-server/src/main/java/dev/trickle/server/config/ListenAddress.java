package dev.trickle.server.config;

import dev.trickle.core.config.ConfigProblems;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code host:port} to listen on; {@code [::1]:8080} for IPv6, port 0 for an ephemeral port. */
public record ListenAddress(String host, int port) {
    private static final Pattern FORM =
            Pattern.compile("(?:\\[([^\\]]+)]|([^:\\[\\]]*)):(\\d{1,5})");

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    static Optional<ListenAddress> parse(String text, String path, ConfigProblems problems) {
        Matcher m = FORM.matcher(text.trim());
        if (m.matches()) {
            String host = m.group(1) != null ? m.group(1) : m.group(2);
            int port = Integer.parseInt(m.group(3));
            if (port <= 65535) {
                return Optional.of(new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port));
            }
        }
        problems.invalid(path, text, "host:port, e.g. 127.0.0.1:8080 or [::1]:8080");
        return Optional.empty();
    }

    static ListenAddress read(ConfigNode node, String key, String defaultValue) {
        return parse(node.string(key, defaultValue), node.pathOf(key), node.problems())
                .orElseGet(() -> parse(defaultValue, key, new ConfigProblems()).orElseThrow());
    }
}
