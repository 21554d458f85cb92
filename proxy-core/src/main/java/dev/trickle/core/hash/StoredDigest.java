package dev.trickle.core.hash;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A digest as read from the legacy store, with what the digest string itself may not say: an
 * explicit format (id or Clerk hasher name) when detection would be ambiguous, a salt kept in a
 * separate column, and extra parameters (Firebase {@code signer_key}, {@code salt_separator},
 * {@code rounds}, {@code mem_cost}; {@code key} for HMAC). {@link #toString()} never shows values.
 */
public record StoredDigest(
        String digest, Optional<String> format, Optional<String> salt, Map<String, String> params) {

    public StoredDigest {
        requireNonNull(digest, "digest");
        requireNonNull(format, "format");
        requireNonNull(salt, "salt");
        params = Map.copyOf(requireNonNull(params, "params"));
    }

    public static StoredDigest of(String digest) {
        return new StoredDigest(digest, Optional.empty(), Optional.empty(), Map.of());
    }

    public StoredDigest withFormat(String formatOrClerkHasher) {
        return new StoredDigest(digest, Optional.of(formatOrClerkHasher), salt, params);
    }

    public StoredDigest withSalt(String separateSalt) {
        return new StoredDigest(digest, format, Optional.of(separateSalt), params);
    }

    public StoredDigest withParams(Map<String, String> extra) {
        return new StoredDigest(digest, format, salt, extra);
    }

    String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new UnreadableDigest("parameter '" + name + "' is required for this format");
        }
        return value;
    }

    @Override
    public String toString() {
        return "StoredDigest[format=" + format.orElse("auto") + ", params=" + params.keySet() + "]";
    }
}
