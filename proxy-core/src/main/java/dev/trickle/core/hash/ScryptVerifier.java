package dev.trickle.core.hash;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * scrypt as Werkzeug ({@code scrypt:N:r:p$salt$hex}), Django ({@code scrypt$N$salt$r$p$b64}) and
 * Firebase Auth store it. Firebase keeps a project-wide signer key: the stored hash is that key
 * encrypted with AES-256-CTR (zero IV) under the first 32 bytes of scrypt(password, salt ||
 * separator, N = 2^mem_cost, r = rounds, p = 1).
 */
final class ScryptVerifier implements FormatVerifier {
    private static final int WERKZEUG_DEFAULT_N = 1 << 15;
    private static final int FIREBASE_KEY_BYTES = 32;
    private static final int FIREBASE_MAX_MEM_COST = 30;

    private final HashSettings limits;
    private final WorkObserver work;

    ScryptVerifier(HashSettings limits, WorkObserver work) {
        this.limits = limits;
        this.work = work;
    }

    private record Parsed(byte[] salt, int n, int r, int p, byte[] hash) {}

    private record Firebase(
            byte[] hash,
            byte[] salt,
            byte[] signerKey,
            byte[] separator,
            int rounds,
            int memCost) {}

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        byte[] pw = DigestFields.utf8(password);
        if (format == HashFormat.SCRYPT_FIREBASE) {
            Firebase f = firebase(stored);
            checkCost(1 << f.memCost(), f.rounds(), 1);
            computing(1 << f.memCost(), f.rounds(), 1, FIREBASE_KEY_BYTES);
            byte[] key =
                    SCrypt.generate(
                            pw,
                            DigestFields.concat(f.salt(), f.separator()),
                            1 << f.memCost(),
                            f.rounds(),
                            1,
                            FIREBASE_KEY_BYTES);
            return MessageDigest.isEqual(aesCtr(key, f.signerKey()), f.hash());
        }
        Parsed p = parse(format, stored.digest());
        checkCost(p.n(), p.r(), p.p());
        computing(p.n(), p.r(), p.p(), p.hash().length);
        try {
            byte[] actual = SCrypt.generate(pw, p.salt(), p.n(), p.r(), p.p(), p.hash().length);
            return MessageDigest.isEqual(actual, p.hash());
        } catch (IllegalArgumentException e) {
            throw new UnreadableDigest("scrypt parameters out of range for the algorithm");
        }
    }

    /**
     * scrypt's V array of N blocks of 128 r bytes, and the p blocks of its input and output (Bouncy
     * Castle allocates each as one buffer).
     */
    @Override
    public long memoryBytes(HashFormat format, StoredDigest stored) {
        if (format == HashFormat.SCRYPT_FIREBASE) {
            Firebase f = firebase(stored);
            return memory(1L << f.memCost(), f.rounds(), 1);
        }
        Parsed p = parse(format, stored.digest());
        return memory(p.n(), p.r(), p.p());
    }

    static long memory(long n, long r, long p) {
        return 128 * r * (n + 2 * p);
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        return switch (format) {
            case SCRYPT_WERKZEUG -> {
                parse(format, stored.digest());
                yield new ClerkConversion.ClerkDigest("scrypt_werkzeug", stored.digest());
            }
            case SCRYPT_DJANGO -> {
                parse(format, stored.digest());
                yield new ClerkConversion.NotImportable(
                        "Clerk has no hasher for Django's scrypt layout");
            }
            case SCRYPT_FIREBASE -> {
                Firebase f = firebase(stored);
                yield new ClerkConversion.ClerkDigest(
                        "scrypt_firebase",
                        String.join(
                                "$",
                                DigestFields.toBase64(f.hash()),
                                DigestFields.toBase64(f.salt()),
                                DigestFields.toBase64(f.signerKey()),
                                DigestFields.toBase64(f.separator()),
                                Integer.toString(f.rounds()),
                                Integer.toString(f.memCost())));
            }
            default -> throw new IllegalArgumentException("not an scrypt format: " + format);
        };
    }

    /** The N, r, p caps; memory is checked before this, against the check and total budgets. */
    private void checkCost(long n, long r, long p) {
        CostTooHigh.check("scrypt N", n, limits.maxScryptN());
        CostTooHigh.check("scrypt r", r, limits.maxScryptR());
        CostTooHigh.check("scrypt p", p, limits.maxScryptP());
        if (n < 2 || (n & (n - 1)) != 0) {
            throw new UnreadableDigest("scrypt N must be a power of 2 above 1");
        }
    }

    private void computing(int n, int r, int p, int keyBytes) {
        work.computing("scrypt N", n);
        work.computing("scrypt r", r);
        work.computing("scrypt p", p);
        work.computing("derived key bytes", keyBytes);
    }

    private static Parsed parse(HashFormat format, String digest) {
        if (format == HashFormat.SCRYPT_DJANGO) {
            String[] f = DigestFields.split(digest, "\\$", 6, "scrypt$N$salt$r$p$base64");
            if (!f[0].equals("scrypt")) {
                throw new UnreadableDigest("expected prefix scrypt$");
            }
            return new Parsed(
                    DigestFields.utf8(f[2]),
                    DigestFields.positiveInt(f[1], "N"),
                    DigestFields.positiveInt(f[3], "r"),
                    DigestFields.positiveInt(f[4], "p"),
                    DigestFields.checkHashLength(DigestFields.base64(f[5], "hash")));
        }
        String[] f = DigestFields.split(digest, "\\$", 3, "scrypt:N:r:p$salt$hex");
        String[] method = f[0].split(":", -1);
        if (!method[0].equals("scrypt") || (method.length != 1 && method.length != 4)) {
            throw new UnreadableDigest("expected scrypt or scrypt:N:r:p before the salt");
        }
        boolean defaults = method.length == 1;
        return new Parsed(
                DigestFields.utf8(f[1]),
                defaults ? WERKZEUG_DEFAULT_N : DigestFields.positiveInt(method[1], "N"),
                defaults ? 8 : DigestFields.positiveInt(method[2], "r"),
                defaults ? 1 : DigestFields.positiveInt(method[3], "p"),
                DigestFields.checkHashLength(DigestFields.hex(f[2], "hash")));
    }

    /**
     * Either Clerk's six-field layout in the digest, or the Firebase export's hash in the digest
     * with the salt beside it and the project's parameters as {@code signer_key}, {@code
     * salt_separator}, {@code rounds} and {@code mem_cost}.
     */
    private static Firebase firebase(StoredDigest stored) {
        String[] f = stored.digest().split("\\$", -1);
        Firebase parsed;
        if (f.length == 6) {
            parsed = firebase(f[0], f[1], f[2], f[3], f[4], f[5]);
        } else if (f.length == 1 && stored.salt().isPresent()) {
            parsed =
                    firebase(
                            f[0],
                            stored.salt().get(),
                            stored.param("signer_key"),
                            stored.param("salt_separator"),
                            stored.param("rounds"),
                            stored.param("mem_cost"));
        } else {
            throw new UnreadableDigest(
                    "expected hash$salt$signerKey$saltSeparator$rounds$memCost, or the hash with a"
                            + " separate salt and Firebase parameters");
        }
        return parsed;
    }

    private static Firebase firebase(
            String hash, String salt, String signer, String separator, String rounds, String mem) {
        int memCost = DigestFields.positiveInt(mem, "mem_cost");
        if (memCost > FIREBASE_MAX_MEM_COST) {
            throw new CostTooHigh("Firebase mem_cost", memCost, FIREBASE_MAX_MEM_COST);
        }
        byte[] signerKey = DigestFields.base64(signer, "signer key");
        byte[] stored = DigestFields.base64(hash, "hash");
        if (signerKey.length == 0 || stored.length != signerKey.length) {
            throw new UnreadableDigest("hash and signer key must have the same length");
        }
        return new Firebase(
                stored,
                DigestFields.base64(salt, "salt"),
                signerKey,
                DigestFields.base64(separator, "salt separator"),
                DigestFields.positiveInt(rounds, "rounds"),
                memCost);
    }

    private static byte[] aesCtr(byte[] key, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(new byte[16]));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/CTR", e);
        }
    }
}
