package dev.trickle.core.hash;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt ({@code $2a$}/{@code $2b$}/{@code $2y$}), Django's {@code bcrypt_sha256$} wrapper,
 * Devise's peppered bcrypt and WordPress 6.8's {@code $wp$} bcrypt. Bouncy Castle's OpenBSDBCrypt
 * does the work: it was faster than jBCrypt in {@code HashVerifyBenchmark} and, unlike jBCrypt 0.4,
 * reads all three prefixes. Like OpenBSD, it uses only the first 72 password bytes.
 */
final class BcryptVerifier implements FormatVerifier {
    private static final Pattern MODULAR =
            Pattern.compile("\\$(2[aby])\\$(\\d{2})\\$([./A-Za-z0-9]{53})");
    private static final String DJANGO_PREFIX = "bcrypt_sha256$";
    private static final String WORDPRESS_PREFIX = "$wp";
    private static final byte[] WORDPRESS_KEY = DigestFields.utf8("wp-sha384");
    private static final int SALT_BYTES = 16;

    private final int maxCost;
    private final WorkObserver work;
    private final SecureRandom random = new SecureRandom();

    BcryptVerifier(int maxCost, WorkObserver work) {
        this.maxCost = maxCost;
        this.work = work;
    }

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        String digest = stored.digest();
        byte[] secret = DigestFields.utf8(password);
        if (format == HashFormat.BCRYPT_SHA256_DJANGO) {
            digest = stripDjangoPrefix(digest);
            // Django feeds bcrypt the hex text of SHA-256(password), lifting the 72-byte limit.
            secret = DigestFields.utf8(DigestFields.toHex(Digests.digest("SHA-256", secret)));
        } else if (format == HashFormat.BCRYPT_WORDPRESS) {
            digest = stripWordPressPrefix(digest);
            // wp_hash_password feeds bcrypt base64(HMAC-SHA384(password)), keyed "wp-sha384".
            secret =
                    DigestFields.utf8(
                            Base64.getEncoder()
                                    .encodeToString(
                                            Digests.hmac("HmacSHA384", WORDPRESS_KEY, secret)));
        } else if (format == HashFormat.BCRYPT_PEPPERED) {
            int cut = digest.lastIndexOf('$');
            if (cut < 60) {
                throw new UnreadableDigest("expected $2x$cost$salthash$pepper");
            }
            secret = DigestFields.concat(secret, DigestFields.utf8(digest.substring(cut + 1)));
            digest = digest.substring(0, cut);
        }
        int cost = cost(digest);
        CostTooHigh.check("bcrypt cost", cost, maxCost);
        // The two digits after $2x$, which is where OpenBSDBCrypt reads its cost from.
        work.computing("bcrypt cost", Integer.parseInt(digest.substring(4, 6)));
        return OpenBSDBCrypt.checkPassword(digest, secret);
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        String digest = stored.digest();
        return switch (format) {
            case BCRYPT -> {
                cost(digest);
                // $2y$ (PHP) and $2b$ differ only in name; Clerk documents $2a$ and $2b$.
                yield new ClerkConversion.ClerkDigest(
                        "bcrypt",
                        digest.startsWith("$2y$") ? "$2b$" + digest.substring(4) : digest);
            }
            case BCRYPT_SHA256_DJANGO -> {
                cost(stripDjangoPrefix(digest));
                yield new ClerkConversion.ClerkDigest("bcrypt_sha256_django", digest);
            }
            case BCRYPT_PEPPERED -> {
                int cut = digest.lastIndexOf('$');
                cost(cut < 0 ? digest : digest.substring(0, cut));
                yield new ClerkConversion.ClerkDigest("bcrypt_peppered", digest);
            }
            case BCRYPT_WORDPRESS -> {
                cost(stripWordPressPrefix(digest));
                yield new ClerkConversion.NotImportable(
                        "Clerk has no hasher for WordPress's HMAC-SHA384 pre-hashed bcrypt");
            }
            default -> throw new IllegalArgumentException("not a bcrypt format: " + format);
        };
    }

    /** A new {@code $2b$} digest of the password, as Clerk's {@code bcrypt} hasher reads it. */
    String hash(String password, int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31, was " + cost);
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.getBytes(StandardCharsets.UTF_8), salt, cost);
    }

    private static String stripDjangoPrefix(String digest) {
        if (!digest.startsWith(DJANGO_PREFIX)) {
            throw new UnreadableDigest("expected bcrypt_sha256$$2b$cost$salthash");
        }
        return digest.substring(DJANGO_PREFIX.length());
    }

    private static String stripWordPressPrefix(String digest) {
        if (!digest.startsWith(WORDPRESS_PREFIX + "$2")) {
            throw new UnreadableDigest("expected $wp$2y$cost$salthash");
        }
        return digest.substring(WORDPRESS_PREFIX.length());
    }

    private static int cost(String digest) {
        Matcher m = MODULAR.matcher(digest);
        if (!m.matches()) {
            throw new UnreadableDigest(
                    "expected $2a$, $2b$ or $2y$, a 2-digit cost and 53 characters");
        }
        int cost = Integer.parseInt(m.group(2));
        if (cost < 4) {
            throw new UnreadableDigest("bcrypt cost below 4");
        }
        return cost;
    }
}
