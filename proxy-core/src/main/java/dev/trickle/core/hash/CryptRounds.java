package dev.trickle.core.hash;

import java.security.MessageDigest;

/**
 * The stretching loop of md5-crypt, which SHA-crypt keeps unchanged around its own digest and
 * inputs: both verifiers must run exactly these rounds, so they share one copy.
 */
final class CryptRounds {
    private CryptRounds() {}

    /**
     * Runs {@code rounds} rounds from {@code start}, each one digest of the password, salt and
     * previous result in the order the round's index picks, and returns the last result.
     */
    static byte[] stretch(
            MessageDigest md, byte[] start, byte[] password, byte[] salt, int rounds) {
        byte[] result = start;
        for (int i = 0; i < rounds; i++) {
            md.update((i & 1) != 0 ? password : result);
            if (i % 3 != 0) {
                md.update(salt);
            }
            if (i % 7 != 0) {
                md.update(password);
            }
            md.update((i & 1) != 0 ? result : password);
            result = md.digest();
        }
        return result;
    }
}
