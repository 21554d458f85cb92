package dev.trickle.core.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * phpass portable hashes ({@code $P$} from WordPress, {@code $H$} from phpBB): iterated MD5 of the
 * password, 2^n rounds with n given by the fourth character.
 */
final class PhpassVerifier implements FormatVerifier {
    private static final int LENGTH = 34;
    private static final int MIN_LOG2 = 7;
    private static final int MAX_LOG2 = 30;
    private static final int[] TRIPLES = triples();

    private final int maxRounds;
    private final WorkObserver work;

    PhpassVerifier(int maxRounds, WorkObserver work) {
        this.maxRounds = maxRounds;
        this.work = work;
    }

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        String digest = stored.digest();
        int log2 = log2(digest);
        byte[] pw = DigestFields.utf8(password);
        // Each iteration is MD5 (64-byte blocks) of the previous 16 bytes and the password.
        CostTooHigh.checkRounds("phpass iterations", 1L << log2, 16 + pw.length, 64, maxRounds);
        work.computing("phpass iterations", 1L << log2);
        work.computing("password bytes", pw.length);
        MessageDigest md = Digests.of("MD5");
        md.update(digest.substring(4, 12).getBytes(StandardCharsets.US_ASCII));
        byte[] hash = md.digest(pw);
        for (long i = 1L << log2; i > 0; i--) {
            md.update(hash);
            hash = md.digest(pw);
        }
        String expected = digest.substring(0, 12) + CryptAlphabet.encode(hash, TRIPLES, 2);
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        String digest = stored.digest();
        log2(digest);
        // $H$ differs from $P$ only in its marker.
        return new ClerkConversion.ClerkDigest("phpass", "$P$" + digest.substring(3));
    }

    private static int log2(String digest) {
        if (digest.length() != LENGTH
                || !(digest.startsWith("$P$") || digest.startsWith("$H$"))
                || !CryptAlphabet.isCryptText(digest.substring(3))) {
            throw new UnreadableDigest("expected $P$ or $H$ and 31 characters of ./0-9A-Za-z");
        }
        int log2 = CryptAlphabet.CHARS.indexOf(digest.charAt(3));
        if (log2 < MIN_LOG2 || log2 > MAX_LOG2) {
            throw new UnreadableDigest("phpass rounds character outside 7..30");
        }
        return log2;
    }

    /** Bytes in little-endian groups of three: 16 bytes give five full groups and one byte. */
    private static int[] triples() {
        int[] t = new int[18];
        for (int group = 0; group < 6; group++) {
            int base = group * 3;
            t[base] = base + 2 < 16 ? base + 2 : -1;
            t[base + 1] = base + 1 < 16 ? base + 1 : -1;
            t[base + 2] = base;
        }
        return t;
    }
}
