package dev.trickle.core.clerk;

import dev.trickle.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Optional;

/**
 * Development or production Clerk instance, told apart by the secret key's prefix. The kind decides
 * the default rate limit (Clerk docs, system limits, 2026: 100 or 1000 requests per 10 s per
 * instance).
 */
public enum InstanceKind {
    DEVELOPMENT("sk_test_", RateLimit.of(100, Duration.ofSeconds(10))),
    PRODUCTION("sk_live_", RateLimit.of(1000, Duration.ofSeconds(10)));

    private final String keyPrefix;
    private final RateLimit defaultLimit;

    InstanceKind(String keyPrefix, RateLimit defaultLimit) {
        this.keyPrefix = keyPrefix;
        this.defaultLimit = defaultLimit;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public RateLimit defaultLimit() {
        return defaultLimit;
    }

    /** The kind a secret key belongs to; empty for anything that is not a Clerk secret key. */
    public static Optional<InstanceKind> ofSecretKey(String secretKey) {
        for (InstanceKind kind : values()) {
            if (secretKey.startsWith(kind.keyPrefix)
                    && secretKey.length() > kind.keyPrefix.length()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
