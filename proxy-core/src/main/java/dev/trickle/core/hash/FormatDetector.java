package dev.trickle.core.hash;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises a format from the digest text alone. Prefixes decide where one exists; bare hex and
 * {@code salt$hex} are guessed from their length and flagged ambiguous.
 */
final class FormatDetector {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern FIREBASE =
            Pattern.compile(
                    "[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]*\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]*\\$\\d+\\$\\d+");
    private static final int BCRYPT_LENGTH = 60;

    private FormatDetector() {}

    static Identification identify(String digest) {
        HashFormat format = byPrefix(digest);
        if (format != null) {
            return new Identification.Identified(format, format == HashFormat.PBKDF2_SHA256_DJANGO);
        }
        if (FIREBASE.matcher(digest).matches()) {
            return new Identification.Identified(HashFormat.SCRYPT_FIREBASE, false);
        }
        int cut = digest.lastIndexOf('$');
        String hex = digest.substring(cut + 1);
        if (HEX.matcher(hex).matches()) {
            HashFormat byLength = cut < 0 ? bareHex(hex.length()) : saltedHex(hex.length());
            if (byLength != null) {
                return new Identification.Identified(byLength, true);
            }
        }
        return new Identification.Unrecognised(
                digest.isEmpty() ? "empty digest" : "no known format matches this digest");
    }

    private static HashFormat byPrefix(String digest) {
        if (digest.startsWith("$2a$") || digest.startsWith("$2b$") || digest.startsWith("$2y$")) {
            return digest.length() > BCRYPT_LENGTH && digest.charAt(BCRYPT_LENGTH) == '$'
                    ? HashFormat.BCRYPT_PEPPERED
                    : HashFormat.BCRYPT;
        }
        if (digest.startsWith("pbkdf2_sha1$")) {
            String[] f = digest.split("\\$", -1);
            boolean clerkLayout = f.length == 5 || (f.length == 4 && HEX.matcher(f[3]).matches());
            return clerkLayout ? HashFormat.PBKDF2_SHA1 : HashFormat.PBKDF2_SHA1_DJANGO;
        }
        if (digest.startsWith("scrypt$")) {
            return digest.split("\\$", -1).length == 6
                    ? HashFormat.SCRYPT_DJANGO
                    : HashFormat.SCRYPT_WERKZEUG;
        }
        String upper = digest.toUpperCase(Locale.ROOT);
        if (upper.startsWith("{SSHA512}")) {
            return HashFormat.LDAP_SSHA512;
        }
        if (upper.startsWith("{SSHA256}")) {
            return HashFormat.LDAP_SSHA256;
        }
        if (upper.startsWith("{SSHA}")) {
            return HashFormat.LDAP_SSHA;
        }
        if (upper.startsWith("{SHA}")) {
            return HashFormat.LDAP_SHA;
        }
        String[][] prefixes = {
            {"bcrypt_sha256$", "BCRYPT_SHA256_DJANGO"},
            {"$argon2id$", "ARGON2ID"},
            {"$argon2i$", "ARGON2I"},
            {"$argon2d$", "ARGON2D"},
            {"argon2$", "ARGON2_DJANGO"},
            {"pbkdf2_sha256$", "PBKDF2_SHA256_DJANGO"},
            {"pbkdf2_sha512_hex$", "PBKDF2_SHA512_HEX"},
            {"pbkdf2_sha512$", "PBKDF2_SHA512"},
            {"pbkdf2:", "PBKDF2_WERKZEUG"},
            {"scrypt:", "SCRYPT_WERKZEUG"},
            {"sha512_symfony$", "SHA512_SYMFONY"},
            {"hmac_sha256_utf16_b64$", "HMAC_SHA256_UTF16_B64"},
            {"awscognito#", "AWSCOGNITO"},
            {"$P$", "PHPASS"},
            {"$H$", "PHPASS"},
            {"$1$", "MD5_CRYPT"},
            {"$apr1$", "APR1"},
            {"$5$", "SHA256_CRYPT"},
            {"$6$", "SHA512_CRYPT"},
        };
        for (String[] prefix : prefixes) {
            if (digest.startsWith(prefix[0])) {
                return HashFormat.valueOf(prefix[1]);
            }
        }
        return null;
    }

    private static HashFormat bareHex(int length) {
        return switch (length) {
            case 32 -> HashFormat.MD5;
            case 40 -> HashFormat.SHA1;
            case 64 -> HashFormat.SHA256;
            case 128 -> HashFormat.SHA512;
            default -> null;
        };
    }

    private static HashFormat saltedHex(int length) {
        return switch (length) {
            case 32 -> HashFormat.MD5_SALTED;
            case 64 -> HashFormat.SHA256_SALTED;
            default -> null;
        };
    }
}
