package dev.trickle.core.migration;

import static java.util.Objects.requireNonNull;

import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.clerk.CreateUserRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What a new Clerk user gets as its password. Kept apart from the request so a deferred migration
 * can be rewritten to carry no plaintext: see {@link PasswordPlans#durable}. No variant prints its
 * secret.
 */
sealed interface PasswordPlan {

    void applyTo(CreateUserRequest.Builder request);

    /** Whether {@code other} gives Clerk the same password in the same form. */
    boolean sameAs(PasswordPlan other);

    /** The password just typed; Clerk hashes it. Clerk's strength checks are skipped. */
    record Plaintext(String password) implements PasswordPlan {
        public Plaintext {
            requireNonNull(password, "password");
        }

        @Override
        public void applyTo(CreateUserRequest.Builder request) {
            // Legacy passwords may be short or breached: refusing them would strand the user.
            request.password(password, true);
        }

        @Override
        public boolean sameAs(PasswordPlan other) {
            return other instanceof Plaintext typed && sameText(password, typed.password);
        }

        @Override
        public String toString() {
            return "Plaintext[<masked>]";
        }
    }

    /** A digest Clerk can verify with {@code hasher}. */
    record Digest(String digest, ClerkPasswordHasher hasher) implements PasswordPlan {
        public Digest {
            requireNonNull(digest, "digest");
            requireNonNull(hasher, "hasher");
        }

        @Override
        public void applyTo(CreateUserRequest.Builder request) {
            request.passwordDigest(digest, hasher);
        }

        @Override
        public boolean sameAs(PasswordPlan other) {
            return other instanceof Digest d && hasher == d.hasher && sameText(digest, d.digest);
        }

        @Override
        public String toString() {
            return "Digest[hasher=" + hasher.wireName() + ", <masked>]";
        }
    }

    /** No password: the user signs in to Clerk another way (or resets it). */
    record None() implements PasswordPlan {
        @Override
        public void applyTo(CreateUserRequest.Builder request) {
            request.skipPasswordRequirement();
        }

        @Override
        public boolean sameAs(PasswordPlan other) {
            return other instanceof None;
        }
    }

    /**
     * Compares in constant time: how much of a password or digest matched must not show in the
     * timing.
     */
    private static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
