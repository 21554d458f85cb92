package dev.trickle.core.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Poul-Henning Kamp's MD5-based crypt ({@code $1$}) and Apache's copy with another magic ({@code
 * $apr1$}): a fixed 1000 rounds, so no cost limit applies. Neither has a Clerk hasher.
 */
final class Md5CryptVerifier implements FormatVerifier {
    private static final int ROUNDS = 1000;
    private static final int MAX_SALT = 8;
    private static final int[] TRIPLES = {
        0, 6, 12, 1, 7, 13, 2, 8, 14, 3, 9, 15, 4, 10, 5, -1, -1, 11
    };

    private final WorkObserver work;

    Md5CryptVerifier(WorkObserver work) {
        this.work = work;
    }

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        String digest = stored.digest();
        String magic = magic(format);
        String salt = salt(digest, magic);
        byte[] pw = DigestFields.utf8(password);
        byte[] saltBytes = salt.getBytes(StandardCharsets.US_ASCII);
        String expected =
                magic + salt + "$" + CryptAlphabet.encode(hash(pw, magic, saltBytes), TRIPLES, 2);
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        salt(stored.digest(), magic(format));
        return new ClerkConversion.NotImportable("Clerk has no MD5-crypt hasher");
    }

    private static String magic(HashFormat format) {
        return format == HashFormat.APR1 ? "$apr1$" : "$1$";
    }

    private static String salt(String digest, String magic) {
        int end = digest.indexOf('$', magic.length());
        if (!digest.startsWith(magic)
                || end < 0
                || end - magic.length() > MAX_SALT
                || digest.length() != end + 23
                || !CryptAlphabet.isCryptText(digest.substring(end + 1))) {
            throw new UnreadableDigest("expected " + magic + "<salt up to 8>$<22 characters>");
        }
        return digest.substring(magic.length(), end);
    }

    private byte[] hash(byte[] pw, String magic, byte[] salt) {
        // ROUNDS is fixed, but each of them hashes the password again.
        work.computing("password bytes", pw.length);
        MessageDigest md = Digests.of("MD5");
        byte[] alternate = Digests.digest("MD5", pw, salt, pw);
        md.update(pw);
        md.update(magic.getBytes(StandardCharsets.US_ASCII));
        md.update(salt);
        for (int left = pw.length; left > 0; left -= 16) {
            md.update(alternate, 0, Math.min(left, 16));
        }
        for (int bits = pw.length; bits != 0; bits >>>= 1) {
            if ((bits & 1) != 0) {
                md.update((byte) 0);
            } else {
                md.update(pw[0]);
            }
        }
        return CryptRounds.stretch(md, md.digest(), pw, salt, ROUNDS);
    }
}
