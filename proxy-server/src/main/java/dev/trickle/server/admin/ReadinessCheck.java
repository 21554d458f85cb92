package dev.trickle.server.admin;

import java.util.Optional;

/** One condition that must hold for {@code /health/ready}; empty when it does, else why not. */
@FunctionalInterface
public interface ReadinessCheck {
    Optional<String> problem();
}
