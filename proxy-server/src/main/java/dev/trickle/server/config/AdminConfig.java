package dev.trickle.server.config;

import dev.trickle.core.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The separate admin listener: health, metrics, status.
 *
 * @param token when set, required as {@code Authorization: Bearer} on everything but the health
 *     probes; at least {@link #MIN_TOKEN_LENGTH} characters
 * @param allowedHosts host names (lower case, no port) the admin port answers to besides IP
 *     literals, {@code localhost} and the listen host; requests naming any other Host are refused,
 *     so a web page cannot reach the admin port through DNS rebinding
 */
public record AdminConfig(ListenAddress listen, Optional<Secret> token, List<String> allowedHosts) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:9090";

    /**
     * The admin port has no lockout, so the token alone stands against guessing: 24 characters are
     * at least 96 bits even as hex, past any online attack, and rule out words and short phrases
     * that people type. {@code openssl rand -hex 16} gives 32.
     */
    public static final int MIN_TOKEN_LENGTH = 24;

    public AdminConfig {
        allowedHosts = List.copyOf(allowedHosts);
    }

    static AdminConfig read(ConfigNode node) {
        ListenAddress listen = ListenAddress.read(node, "listen", DEFAULT_LISTEN);
        Optional<Secret> token = node.secret("token");
        if (token.isPresent() && token.get().reveal().length() < MIN_TOKEN_LENGTH) {
            // Never echo the value, not even its length: a short token is still a token.
            node.problems()
                    .add(
                            node.pathOf("token"),
                            "<masked> (expected: at least "
                                    + MIN_TOKEN_LENGTH
                                    + " characters, e.g. from openssl rand -hex 16)");
        }
        List<String> hosts = new ArrayList<>();
        List<String> values = node.strings("allowedHosts");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i).trim().toLowerCase(Locale.ROOT);
            if (isHostName(value)) {
                hosts.add(value);
            } else {
                node.problems()
                        .invalid(
                                node.pathOf("allowedHosts") + "[" + i + "]",
                                values.get(i),
                                "a host name without a port, e.g. trickle-admin.internal");
            }
        }
        node.rejectUnknownKeys();
        return new AdminConfig(listen, token, hosts);
    }

    private static boolean isHostName(String value) {
        if (value.isEmpty() || value.startsWith(".") || value.contains("..")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
