package dev.trickle.server.config;

import dev.trickle.core.config.Secret;
import java.util.Optional;

/**
 * The separate admin listener: health, metrics, status.
 *
 * @param token when set, required as {@code Authorization: Bearer} on everything but the health
 *     probes
 */
public record AdminConfig(ListenAddress listen, Optional<Secret> token) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:9090";

    static AdminConfig read(ConfigNode node) {
        var config =
                new AdminConfig(
                        ListenAddress.read(node, "listen", DEFAULT_LISTEN), node.secret("token"));
        node.rejectUnknownKeys();
        return config;
    }
}
