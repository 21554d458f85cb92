package dev.trickle.server.config;

import java.nio.file.Path;
import java.util.Optional;

/** TLS termination on the client-facing listener, from PEM files. */
public record TlsConfig(Path certificateChain, Path privateKey) {

    static Optional<TlsConfig> read(ConfigNode node) {
        if (!node.isPresent()) {
            node.rejectUnknownKeys();
            return Optional.empty();
        }
        Optional<Path> chain = node.readableFile("certificate");
        Optional<Path> key = node.readableFile("privateKey");
        if (!node.has("certificate")) {
            node.problems()
                    .add(
                            node.pathOf("certificate"),
                            "missing (expected: a PEM certificate chain file)");
        }
        if (!node.has("privateKey")) {
            node.problems()
                    .add(
                            node.pathOf("privateKey"),
                            "missing (expected: a PEM PKCS#8 private key file)");
        }
        node.rejectUnknownKeys();
        if (chain.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(chain.get(), key.get()));
    }
}
