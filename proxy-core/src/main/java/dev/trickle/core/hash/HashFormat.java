package dev.trickle.core.hash;

import java.util.Locale;
import java.util.Optional;

/**
 * Every digest layout Trickle understands. The {@link #id()} of a format that Clerk imports as-is
 * equals Clerk's {@code password_hasher} name, so an operator can name either in an override.
 */
public enum HashFormat {
    BCRYPT("bcrypt", HashFamily.BCRYPT),
    BCRYPT_SHA256_DJANGO("bcrypt_sha256_django", HashFamily.BCRYPT),
    BCRYPT_PEPPERED("bcrypt_peppered", HashFamily.BCRYPT),
    BCRYPT_WORDPRESS("bcrypt_wordpress", HashFamily.BCRYPT),
    ARGON2I("argon2i", HashFamily.ARGON2),
    ARGON2ID("argon2id", HashFamily.ARGON2),
    ARGON2D("argon2d", HashFamily.ARGON2),
    ARGON2_DJANGO("argon2_django", HashFamily.ARGON2),
    PBKDF2_SHA256("pbkdf2_sha256", HashFamily.PBKDF2),
    PBKDF2_SHA256_DJANGO("pbkdf2_sha256_django", HashFamily.PBKDF2),
    PBKDF2_SHA1("pbkdf2_sha1", HashFamily.PBKDF2),
    PBKDF2_SHA1_DJANGO("pbkdf2_sha1_django", HashFamily.PBKDF2),
    PBKDF2_SHA512("pbkdf2_sha512", HashFamily.PBKDF2),
    PBKDF2_SHA512_HEX("pbkdf2_sha512_hex", HashFamily.PBKDF2),
    PBKDF2_WERKZEUG("pbkdf2_werkzeug", HashFamily.PBKDF2),
    SCRYPT_WERKZEUG("scrypt_werkzeug", HashFamily.SCRYPT),
    SCRYPT_DJANGO("scrypt_django", HashFamily.SCRYPT),
    SCRYPT_FIREBASE("scrypt_firebase", HashFamily.SCRYPT),
    MD5("md5", HashFamily.PLAIN_DIGEST),
    MD5_SALTED("md5_salted", HashFamily.PLAIN_DIGEST),
    MD5_PASSWORD_SALT("md5_password_salt", HashFamily.PLAIN_DIGEST),
    SHA1("sha1", HashFamily.PLAIN_DIGEST),
    SHA256("sha256", HashFamily.PLAIN_DIGEST),
    SHA256_SALTED("sha256_salted", HashFamily.PLAIN_DIGEST),
    SHA256_PASSWORD_SALT("sha256_password_salt", HashFamily.PLAIN_DIGEST),
    SHA512("sha512", HashFamily.PLAIN_DIGEST),
    SHA512_SYMFONY("sha512_symfony", HashFamily.PLAIN_DIGEST),
    HMAC_SHA256_UTF16_B64("hmac_sha256_utf16_b64", HashFamily.REMOTE),
    LDAP_SHA("ldap_sha", HashFamily.LDAP),
    LDAP_SSHA("ldap_ssha", HashFamily.LDAP),
    LDAP_SSHA256("ldap_ssha256", HashFamily.LDAP),
    LDAP_SSHA512("ldap_ssha512", HashFamily.LDAP),
    PHPASS("phpass", HashFamily.PHPASS),
    MD5_CRYPT("md5_crypt", HashFamily.MD5_CRYPT),
    APR1("apr1", HashFamily.MD5_CRYPT),
    SHA256_CRYPT("sha256_crypt", HashFamily.SHA_CRYPT),
    SHA512_CRYPT("sha512_crypt", HashFamily.SHA_CRYPT),
    AWSCOGNITO("awscognito", HashFamily.REMOTE);

    private final String id;
    private final HashFamily family;

    HashFormat(String id, HashFamily family) {
        this.id = id;
        this.family = family;
    }

    /** Lowercase name used in configuration, the CLI and overrides. */
    public String id() {
        return id;
    }

    HashFamily family() {
        return family;
    }

    /**
     * Resolves a format id or a Clerk hasher name. {@code md5_phpass} is Clerk's name for phpass
     * digests and resolves to {@link #PHPASS}.
     */
    public static Optional<HashFormat> byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("md5_phpass")) {
            return Optional.of(PHPASS);
        }
        for (HashFormat format : values()) {
            if (format.id.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
