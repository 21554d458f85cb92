package dev.trickle.core.importer;

import static java.util.Objects.requireNonNull;

import dev.trickle.core.config.Secret;

/**
 * A Firebase project's password hash parameters (Authentication, Users, "Password hash
 * parameters"): Clerk's {@code scrypt_firebase} needs them in every digest. The signer key is a
 * secret: with it, a leaked export could be attacked offline.
 *
 * @param signerKey {@code base64_signer_key}
 * @param saltSeparator {@code base64_salt_separator}
 * @param rounds {@code rounds}
 * @param memCost {@code mem_cost}
 */
public record FirebaseHashConfig(Secret signerKey, String saltSeparator, int rounds, int memCost) {

    public FirebaseHashConfig {
        requireNonNull(signerKey, "signerKey");
        requireNonNull(saltSeparator, "saltSeparator");
    }

    /** Clerk's six-field layout for one user's hash and salt. */
    String digest(String hash, String salt) {
        return String.join(
                "$",
                hash,
                salt,
                signerKey.reveal(),
                saltSeparator,
                Integer.toString(rounds),
                Integer.toString(memCost));
    }

    @Override
    public String toString() {
        return "FirebaseHashConfig[signerKey=<masked>, rounds="
                + rounds
                + ", memCost="
                + memCost
                + "]";
    }
}
