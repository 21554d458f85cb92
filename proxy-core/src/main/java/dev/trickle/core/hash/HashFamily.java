package dev.trickle.core.hash;

/** Which verifier class handles a {@link HashFormat}. */
enum HashFamily {
    BCRYPT,
    PBKDF2,
    SCRYPT,
    ARGON2,
    PLAIN_DIGEST,
    LDAP,
    PHPASS,
    MD5_CRYPT,
    SHA_CRYPT,
    REMOTE
}
