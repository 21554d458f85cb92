package dev.trickle.core.hash;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * Single-pass message digests in hex (optionally salted, with the salt in the digest as {@code
 * salt$hash} or in a separate column) and Symfony's iterated {@code MessageDigestPasswordEncoder}.
 */
final class PlainDigestVerifier implements FormatVerifier {
    private static final int SYMFONY_DEFAULT_ITERATIONS = 5000;
    private static final String SYMFONY_PREFIX = "sha512_symfony";

    private final int maxRounds;
    private final WorkObserver work;

    PlainDigestVerifier(int maxRounds, WorkObserver work) {
        this.maxRounds = maxRounds;
        this.work = work;
    }

    private record Salted(String salt, byte[] hash) {}

    private record Symfony(int iterations, String salt, byte[] hash) {}

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        byte[] pw = DigestFields.utf8(password);
        if (format == HashFormat.SHA512_SYMFONY) {
            Symfony s = symfony(stored);
            CostTooHigh.checkRounds(
                    "Symfony iterations", s.iterations(), 64 + pw.length, 128, maxRounds);
            byte[] salted =
                    s.salt().isEmpty()
                            ? pw
                            : DigestFields.concat(pw, DigestFields.utf8("{" + s.salt() + "}"));
            work.computing("Symfony iterations", s.iterations());
            work.computing("password bytes", pw.length);
            MessageDigest md = Digests.of("SHA-512");
            byte[] digest = md.digest(salted);
            for (int i = 1; i < s.iterations(); i++) {
                md.update(digest);
                digest = md.digest(salted);
            }
            return MessageDigest.isEqual(digest, s.hash());
        }
        Salted s = salted(format, stored);
        byte[] salt = DigestFields.utf8(s.salt());
        byte[] actual =
                switch (format) {
                    case MD5_PASSWORD_SALT, SHA256_PASSWORD_SALT ->
                            Digests.digest(algorithm(format), pw, salt);
                    default -> Digests.digest(algorithm(format), salt, pw);
                };
        return MessageDigest.isEqual(actual, s.hash());
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        if (format == HashFormat.SHA512_SYMFONY) {
            Symfony s = symfony(stored);
            return new ClerkConversion.ClerkDigest(
                    "sha512_symfony",
                    String.join(
                            "$",
                            SYMFONY_PREFIX,
                            Integer.toString(s.iterations()),
                            s.salt(),
                            DigestFields.toBase64(s.hash())));
        }
        Salted s = salted(format, stored);
        String hex = DigestFields.toHex(s.hash());
        return switch (format) {
            case MD5, SHA256 -> new ClerkConversion.ClerkDigest(format.id(), hex);
            case MD5_SALTED, SHA256_SALTED -> {
                if (s.salt().contains("$")) {
                    yield new ClerkConversion.NotImportable(
                            "salt contains '$', which Clerk's salt$hash layout cannot hold");
                }
                yield new ClerkConversion.ClerkDigest(format.id(), s.salt() + "$" + hex);
            }
            case MD5_PASSWORD_SALT, SHA256_PASSWORD_SALT ->
                    new ClerkConversion.NotImportable(
                            "Clerk's salted hashers put the salt before the password");
            default ->
                    new ClerkConversion.NotImportable(
                            "Clerk has no unsalted " + format.id() + " hasher");
        };
    }

    private static String algorithm(HashFormat format) {
        return switch (format) {
            case MD5, MD5_SALTED, MD5_PASSWORD_SALT -> "MD5";
            case SHA1 -> "SHA-1";
            case SHA256, SHA256_SALTED, SHA256_PASSWORD_SALT -> "SHA-256";
            case SHA512 -> "SHA-512";
            default -> throw new IllegalArgumentException("not a plain digest format: " + format);
        };
    }

    /** The salt comes from the {@code salt$hash} digest, else the separate column, else none. */
    private static Salted salted(HashFormat format, StoredDigest stored) {
        String digest = stored.digest();
        boolean saltable =
                format != HashFormat.MD5
                        && format != HashFormat.SHA1
                        && format != HashFormat.SHA256
                        && format != HashFormat.SHA512;
        String salt = "";
        String hashText = digest;
        int cut = digest.lastIndexOf('$');
        if (saltable && cut >= 0) {
            salt = digest.substring(0, cut);
            hashText = digest.substring(cut + 1);
        } else if (saltable) {
            salt =
                    stored.salt()
                            .orElseThrow(
                                    () ->
                                            new UnreadableDigest(
                                                    "salted format needs salt$hash or a separate salt"));
        }
        byte[] hash = DigestFields.hex(hashText, "hash");
        int expected = Digests.of(algorithm(format)).getDigestLength();
        if (hash.length != expected) {
            throw new UnreadableDigest(
                    format.id() + " hash must be " + expected * 2 + " hex characters");
        }
        return new Salted(salt, hash);
    }

    /** {@code sha512_symfony$iterations$salt$base64}, or the base64 hash with a separate salt. */
    private static Symfony symfony(StoredDigest stored) {
        String digest = stored.digest();
        String[] f = digest.split("\\$", -1);
        Symfony parsed;
        if (f.length == 4 && f[0].toLowerCase(Locale.ROOT).equals(SYMFONY_PREFIX)) {
            parsed =
                    new Symfony(
                            DigestFields.positiveInt(f[1], "iterations"),
                            f[2],
                            DigestFields.base64(f[3], "hash"));
        } else if (f.length == 1) {
            String iterations = stored.params().get("iterations");
            parsed =
                    new Symfony(
                            iterations == null
                                    ? SYMFONY_DEFAULT_ITERATIONS
                                    : DigestFields.positiveInt(iterations, "iterations"),
                            stored.salt().orElse(""),
                            DigestFields.base64(digest, "hash"));
        } else {
            throw new UnreadableDigest("expected sha512_symfony$iterations$salt$base64");
        }
        if (parsed.hash().length != 64) {
            throw new UnreadableDigest("Symfony SHA-512 hash must be 64 bytes");
        }
        return parsed;
    }
}
