package dev.trickle.core.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;

/**
 * RFC 2307 style LDAP {@code userPassword} values: {@code {SHA}} is base64(SHA-1(password)); the
 * salted {@code {SSHA}}, {@code {SSHA256}}, {@code {SSHA512}} append the salt to both the hashed
 * input and the encoded hash.
 */
final class LdapVerifier implements FormatVerifier {

    private record Parsed(String algorithm, byte[] hash, byte[] salt) {}

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        Parsed p = parse(format, stored.digest());
        byte[] actual = Digests.digest(p.algorithm(), DigestFields.utf8(password), p.salt());
        return MessageDigest.isEqual(actual, p.hash());
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        Parsed p = parse(format, stored.digest());
        return switch (format) {
            case LDAP_SSHA ->
                    new ClerkConversion.ClerkDigest(
                            "ldap_ssha", "{SSHA}" + stored.digest().substring("{SSHA}".length()));
            // An unsalted SHA-1 is an SSHA with an empty salt: the encoded bytes are the same.
            case LDAP_SHA ->
                    new ClerkConversion.ClerkDigest(
                            "ldap_ssha", "{SSHA}" + DigestFields.toBase64(p.hash()));
            default ->
                    new ClerkConversion.NotImportable(
                            "Clerk's ldap_ssha is SHA-1 only; "
                                    + format.id()
                                    + " uses a SHA-2 hash");
        };
    }

    private static Parsed parse(HashFormat format, String digest) {
        String scheme =
                switch (format) {
                    case LDAP_SHA -> "{SHA}";
                    case LDAP_SSHA -> "{SSHA}";
                    case LDAP_SSHA256 -> "{SSHA256}";
                    case LDAP_SSHA512 -> "{SSHA512}";
                    default -> throw new IllegalArgumentException("not an LDAP format: " + format);
                };
        if (!digest.toUpperCase(Locale.ROOT).startsWith(scheme)) {
            throw new UnreadableDigest("expected prefix " + scheme);
        }
        String algorithm =
                switch (format) {
                    case LDAP_SSHA256 -> "SHA-256";
                    case LDAP_SSHA512 -> "SHA-512";
                    default -> "SHA-1";
                };
        int size = Digests.of(algorithm).getDigestLength();
        byte[] decoded = DigestFields.base64(digest.substring(scheme.length()), "LDAP value");
        boolean salted = format != HashFormat.LDAP_SHA;
        if (salted ? decoded.length <= size : decoded.length != size) {
            throw new UnreadableDigest(
                    scheme
                            + " value must decode to "
                            + size
                            + " hash bytes"
                            + (salted ? " plus a salt" : ""));
        }
        return new Parsed(
                algorithm,
                Arrays.copyOfRange(decoded, 0, size),
                Arrays.copyOfRange(decoded, size, decoded.length));
    }
}
