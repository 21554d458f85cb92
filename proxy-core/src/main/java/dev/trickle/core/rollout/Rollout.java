package dev.trickle.core.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Which users are in the migration: the deny list never, the allow list always, everyone else by a
 * stable hash of the legacy id, so a user who is in stays in as the percentage grows and a restart
 * changes nothing.
 *
 * @param percent 0 to 100
 */
public record Rollout(MigrationMode mode, int percent, Set<String> allow, Set<String> deny) {

    public Rollout {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent: " + percent + " (expected: 0 to 100)");
        }
        allow = Set.copyOf(allow);
        deny = Set.copyOf(deny);
    }

    public static Rollout everyone(MigrationMode mode) {
        return new Rollout(mode, 100, Set.of(), Set.of());
    }

    public boolean includes(String legacyId) {
        if (deny.contains(legacyId)) {
            return false;
        }
        if (allow.contains(legacyId)) {
            return true;
        }
        return bucket(legacyId) < percent;
    }

    /** 0..99, uniform over ids; SHA-256 so it does not depend on the JVM's String hash. */
    static int bucket(String legacyId) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(legacyId.getBytes(StandardCharsets.UTF_8));
            long value =
                    ((hash[0] & 0xFFL) << 24)
                            | ((hash[1] & 0xFFL) << 16)
                            | ((hash[2] & 0xFFL) << 8)
                            | (hash[3] & 0xFFL);
            return (int) (value % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
