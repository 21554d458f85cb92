package dev.trickle.core.hash;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * The PBKDF2 layouts: Django's ({@code pbkdf2_sha256$iter$salt$b64}), Werkzeug's ({@code
 * pbkdf2:sha256:iter$salt$hex}) and Clerk's own {@code pbkdf2_*} variants. The derived key length
 * is always the stored hash's length.
 */
final class Pbkdf2Verifier implements FormatVerifier {
    private static final String HEX_RE = "(?i)[0-9a-f]+";

    private final int maxIterations;
    private final WorkObserver work;

    Pbkdf2Verifier(int maxIterations, WorkObserver work) {
        this.maxIterations = maxIterations;
        this.work = work;
    }

    /** What every layout boils down to. */
    private record Parsed(String hmacHash, int iterations, byte[] salt, byte[] hash) {}

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        Parsed p = parse(format, stored.digest());
        CostTooHigh.check("PBKDF2 iterations", p.iterations(), maxIterations);
        work.computing("PBKDF2 iterations", p.iterations());
        work.computing("derived key bytes", p.hash().length);
        byte[] actual =
                Pbkdf2.derive(p.hmacHash(), password, p.salt(), p.iterations(), p.hash().length);
        return MessageDigest.isEqual(actual, p.hash());
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        String digest = stored.digest();
        Parsed p = parse(format, digest);
        String[] f = digest.split("\\$", -1);
        return switch (format) {
            case PBKDF2_SHA256_DJANGO -> clerk("pbkdf2_sha256_django", digest);
            case PBKDF2_SHA256, PBKDF2_SHA1, PBKDF2_SHA512, PBKDF2_SHA512_HEX ->
                    clerk(format.id(), digest);
            case PBKDF2_SHA1_DJANGO -> sha1WithKeyLength(p);
            case PBKDF2_WERKZEUG ->
                    switch (p.hmacHash()) {
                        // Werkzeug's salt is printable text and its key length the digest size,
                        // exactly what Clerk's pbkdf2_sha256_django and pbkdf2_sha512 expect.
                        case "SHA256" ->
                                clerk(
                                        "pbkdf2_sha256_django",
                                        layout(
                                                "pbkdf2_sha256",
                                                p.iterations(),
                                                f[1],
                                                DigestFields.toBase64(p.hash())));
                        case "SHA512" ->
                                clerk(
                                        "pbkdf2_sha512",
                                        layout(
                                                "pbkdf2_sha512",
                                                p.iterations(),
                                                f[1],
                                                DigestFields.toHex(p.hash())));
                        default -> sha1WithKeyLength(p);
                    };
            default -> throw new IllegalArgumentException("not a PBKDF2 format: " + format);
        };
    }

    private static ClerkConversion clerk(String hasher, String digest) {
        return new ClerkConversion.ClerkDigest(hasher, digest);
    }

    /** Hex salt so Clerk cannot misread it, and the key length since Clerk's default is 32. */
    private static ClerkConversion sha1WithKeyLength(Parsed p) {
        return clerk(
                "pbkdf2_sha1",
                layout(
                                "pbkdf2_sha1",
                                p.iterations(),
                                DigestFields.toHex(p.salt()),
                                DigestFields.toHex(p.hash()))
                        + "$"
                        + p.hash().length);
    }

    /** {@code prefix$iterations$salt$hash}: the layout Clerk reads its PBKDF2 digests in. */
    private static String layout(String prefix, int iterations, String salt, String hash) {
        return prefix + "$" + iterations + "$" + salt + "$" + hash;
    }

    private static Parsed parse(HashFormat format, String digest) {
        switch (format) {
            case PBKDF2_WERKZEUG -> {
                String[] f =
                        DigestFields.split(digest, "\\$", 3, "pbkdf2:<hash>:<iterations>$salt$hex");
                String[] method = f[0].split(":", -1);
                if (method.length != 3 || !method[0].equals("pbkdf2")) {
                    throw new UnreadableDigest(
                            "expected pbkdf2:<hash>:<iterations> (Werkzeug's default iterations"
                                    + " differ by version, so they must be explicit)");
                }
                String hash = method[1].toUpperCase(Locale.ROOT).replace("-", "");
                if (!hash.equals("SHA1") && !hash.equals("SHA256") && !hash.equals("SHA512")) {
                    throw new UnreadableDigest("PBKDF2 hash must be sha1, sha256 or sha512");
                }
                return new Parsed(
                        hash,
                        DigestFields.positiveInt(method[2], "iterations"),
                        DigestFields.utf8(f[1]),
                        nonEmptyHex(f[2]));
            }
            case PBKDF2_SHA1 -> {
                String[] f = digest.split("\\$", -1);
                if ((f.length != 4 && f.length != 5) || !f[0].equals("pbkdf2_sha1")) {
                    throw new UnreadableDigest(
                            "expected pbkdf2_sha1$iterations$salt$hex[$keylength]");
                }
                byte[] salt =
                        f[2].matches(HEX_RE) && f[2].length() % 2 == 0
                                ? DigestFields.hex(f[2], "salt")
                                : DigestFields.utf8(f[2]);
                return new Parsed("SHA1", iterations(f[1]), salt, nonEmptyHex(f[3]));
            }
            default -> {
                String[] f =
                        DigestFields.split(
                                digest, "\\$", 4, prefix(format) + "$iterations$salt$hash");
                if (!f[0].equals(prefix(format))) {
                    throw new UnreadableDigest("expected prefix " + prefix(format));
                }
                int iterations = iterations(f[1]);
                return switch (format) {
                    case PBKDF2_SHA256_DJANGO ->
                            new Parsed(
                                    "SHA256",
                                    iterations,
                                    DigestFields.utf8(f[2]),
                                    nonEmptyBase64(f[3]));
                    case PBKDF2_SHA1_DJANGO ->
                            new Parsed(
                                    "SHA1",
                                    iterations,
                                    DigestFields.utf8(f[2]),
                                    nonEmptyBase64(f[3]));
                    case PBKDF2_SHA256 ->
                            new Parsed(
                                    "SHA256",
                                    iterations,
                                    DigestFields.base64(f[2], "salt"),
                                    nonEmptyBase64(f[3]));
                    case PBKDF2_SHA512 ->
                            new Parsed(
                                    "SHA512",
                                    iterations,
                                    DigestFields.utf8(f[2]),
                                    nonEmptyHex(f[3]));
                    case PBKDF2_SHA512_HEX ->
                            new Parsed(
                                    "SHA512",
                                    iterations,
                                    DigestFields.hex(f[2], "salt"),
                                    nonEmptyHex(f[3]));
                    default -> throw new IllegalArgumentException("not a PBKDF2 format: " + format);
                };
            }
        }
    }

    private static String prefix(HashFormat format) {
        return switch (format) {
            case PBKDF2_SHA256_DJANGO, PBKDF2_SHA256 -> "pbkdf2_sha256";
            case PBKDF2_SHA1_DJANGO -> "pbkdf2_sha1";
            default -> format.id();
        };
    }

    private static int iterations(String text) {
        return DigestFields.positiveInt(text, "iterations");
    }

    private static byte[] nonEmptyHex(String text) {
        return DigestFields.checkHashLength(DigestFields.hex(text, "hash"));
    }

    private static byte[] nonEmptyBase64(String text) {
        return DigestFields.checkHashLength(DigestFields.base64(text, "hash"));
    }
}
