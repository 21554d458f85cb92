package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Values of Clerk's {@code password_hasher}: the 17 the spec's {@code PasswordHasher} names plus
 * the four Clerk's create-user docs add ({@code awscognito}, {@code bcrypt_peppered}, {@code
 * md5_salted}, {@code sha256_salted}). The spec types the field as a plain string, so this list is
 * ours to keep current.
 */
public enum ClerkPasswordHasher {
    ARGON2I,
    ARGON2ID,
    AWSCOGNITO,
    BCRYPT,
    BCRYPT_PEPPERED,
    BCRYPT_SHA256_DJANGO,
    LDAP_SSHA,
    MD5,
    MD5_PHPASS,
    MD5_SALTED,
    PBKDF2_SHA1,
    PBKDF2_SHA256,
    PBKDF2_SHA256_DJANGO,
    PBKDF2_SHA512,
    PBKDF2_SHA512_HEX,
    PHPASS,
    SCRYPT_FIREBASE,
    SCRYPT_WERKZEUG,
    SHA256,
    SHA256_SALTED,
    SHA512_SYMFONY;

    /** The name on the wire, e.g. {@code bcrypt_sha256_django}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
