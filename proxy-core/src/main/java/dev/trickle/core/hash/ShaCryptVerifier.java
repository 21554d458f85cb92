package dev.trickle.core.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ulrich Drepper's SHA-crypt ({@code $5$} SHA-256, {@code $6$} SHA-512), the glibc default for
 * {@code /etc/shadow}. Round counts come from the digest and are capped. No Clerk hasher exists.
 */
final class ShaCryptVerifier implements FormatVerifier {
    private static final Pattern LAYOUT =
            Pattern.compile("\\$([56])\\$(?:rounds=([0-9]+)\\$)?([^$]{0,16})\\$([./0-9A-Za-z]+)");
    private static final int DEFAULT_ROUNDS = 5000;
    private static final int MIN_ROUNDS = 1000;
    private static final int[] SHA256_TRIPLES = {
        0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17, 18,
        28, 8, 9, 19, 29, -1, 31, 30
    };
    private static final int[] SHA512_TRIPLES = {
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50,
        8, 29, 9, 30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57,
        37, 58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41, -1, -1, 63
    };

    private final int maxRounds;
    private final WorkObserver work;

    ShaCryptVerifier(int maxRounds, WorkObserver work) {
        this.maxRounds = maxRounds;
        this.work = work;
    }

    private record Parsed(boolean sha512, int rounds, String salt, String hash) {}

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        Parsed p = parse(format, stored.digest());
        byte[] pw = DigestFields.utf8(password);
        CostTooHigh.checkRounds(
                "sha-crypt rounds", p.rounds(), pw.length, p.sha512() ? 128 : 64, maxRounds);
        byte[] raw =
                hash(
                        p.sha512() ? "SHA-512" : "SHA-256",
                        pw,
                        p.salt().getBytes(StandardCharsets.UTF_8),
                        p.rounds());
        String actual =
                p.sha512()
                        ? CryptAlphabet.encode(raw, SHA512_TRIPLES, 2)
                        : CryptAlphabet.encode(raw, SHA256_TRIPLES, 3);
        return MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII),
                p.hash().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        parse(format, stored.digest());
        return new ClerkConversion.NotImportable("Clerk has no SHA-crypt hasher");
    }

    private static Parsed parse(HashFormat format, String digest) {
        Matcher m = LAYOUT.matcher(digest);
        if (!m.matches()) {
            throw new UnreadableDigest("expected $5$ or $6$, optional rounds=N$, salt, $ and hash");
        }
        boolean sha512 = m.group(1).equals("6");
        if (sha512 != (format == HashFormat.SHA512_CRYPT)) {
            throw new UnreadableDigest("digest is not " + format.id());
        }
        if (m.group(4).length() != (sha512 ? 86 : 43)) {
            throw new UnreadableDigest("hash must be " + (sha512 ? 86 : 43) + " characters");
        }
        int rounds = DEFAULT_ROUNDS;
        if (m.group(2) != null) {
            // glibc clamps out-of-range counts rather than refusing them.
            rounds = Math.max(MIN_ROUNDS, DigestFields.positiveInt(m.group(2), "rounds"));
        }
        return new Parsed(sha512, rounds, m.group(3), m.group(4));
    }

    private byte[] hash(String algorithm, byte[] pw, byte[] salt, int rounds) {
        work.computing("sha-crypt rounds", rounds);
        work.computing("password bytes", pw.length);
        MessageDigest md = Digests.of(algorithm);
        int size = md.getDigestLength();
        byte[] b = Digests.digest(algorithm, pw, salt, pw);
        md.update(pw);
        md.update(salt);
        int left = pw.length;
        for (; left > size; left -= size) {
            md.update(b);
        }
        md.update(b, 0, left);
        for (int bits = pw.length; bits > 0; bits >>>= 1) {
            md.update((bits & 1) != 0 ? b : pw);
        }
        byte[] a = md.digest();

        for (int i = 0; i < pw.length; i++) {
            md.update(pw);
        }
        byte[] p = repeat(md.digest(), pw.length);
        for (int i = 0; i < 16 + (a[0] & 0xff); i++) {
            md.update(salt);
        }
        byte[] s = repeat(md.digest(), salt.length);

        return CryptRounds.stretch(md, a, p, s, rounds);
    }

    private static byte[] repeat(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = block[i % block.length];
        }
        return out;
    }
}
