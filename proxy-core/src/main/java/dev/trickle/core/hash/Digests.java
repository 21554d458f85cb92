package dev.trickle.core.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** JDK message digests by name; every algorithm used here is mandatory in the JDK. */
final class Digests {
    private Digests() {}

    static MessageDigest of(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    static byte[] digest(String algorithm, byte[]... parts) {
        MessageDigest md = of(algorithm);
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }
}
