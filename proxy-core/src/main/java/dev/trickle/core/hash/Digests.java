package dev.trickle.core.hash;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    /** HMAC with a JDK algorithm name such as {@code HmacSHA384}. */
    static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }
}
