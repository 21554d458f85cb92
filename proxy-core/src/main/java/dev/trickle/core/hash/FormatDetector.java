package dev.trickle.core.hash;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    /** Checked in order: {@code pbkdf2_sha512_hex$} before {@code pbkdf2_sha512$}. */
    private static final Map<String, HashFormat> PREFIXES = prefixes();

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
        for (Map.Entry<String, HashFormat> prefix : PREFIXES.entrySet()) {
            if (digest.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return null;
    }

    private static Map<String, HashFormat> prefixes() {
        Map<String, HashFormat> p = new LinkedHashMap<>();
        p.put("bcrypt_sha256$", HashFormat.BCRYPT_SHA256_DJANGO);
        p.put("$wp$2", HashFormat.BCRYPT_WORDPRESS);
        p.put("$argon2id$", HashFormat.ARGON2ID);
        p.put("$argon2i$", HashFormat.ARGON2I);
        p.put("$argon2d$", HashFormat.ARGON2D);
        p.put("argon2$", HashFormat.ARGON2_DJANGO);
        p.put("pbkdf2_sha256$", HashFormat.PBKDF2_SHA256_DJANGO);
        p.put("pbkdf2_sha512_hex$", HashFormat.PBKDF2_SHA512_HEX);
        p.put("pbkdf2_sha512$", HashFormat.PBKDF2_SHA512);
        p.put("pbkdf2:", HashFormat.PBKDF2_WERKZEUG);
        p.put("scrypt:", HashFormat.SCRYPT_WERKZEUG);
        p.put("sha512_symfony$", HashFormat.SHA512_SYMFONY);
        p.put("hmac_sha256_utf16_b64$", HashFormat.HMAC_SHA256_UTF16_B64);
        p.put("awscognito#", HashFormat.AWSCOGNITO);
        p.put("$P$", HashFormat.PHPASS);
        p.put("$H$", HashFormat.PHPASS);
        p.put("$1$", HashFormat.MD5_CRYPT);
        p.put("$apr1$", HashFormat.APR1);
        p.put("$5$", HashFormat.SHA256_CRYPT);
        p.put("$6$", HashFormat.SHA512_CRYPT);
        return Collections.unmodifiableMap(p);
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
