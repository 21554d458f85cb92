package dev.trickle.core.hash;

/**
 * Formats Clerk imports but Trickle cannot check: {@code awscognito} (Clerk asks Cognito at
 * sign-in) and {@code hmac_sha256_utf16_b64} (Clerk does not document how its key is encoded, and a
 * wrong guess would reject every correct password). They pass to Clerk unchanged.
 */
final class RemoteOnlyVerifier implements FormatVerifier {

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        throw new UnreadableDigest(
                format == HashFormat.AWSCOGNITO
                        ? "awscognito digests are checked by Clerk against Cognito, not locally"
                        : "hmac_sha256_utf16_b64 key encoding is undocumented; not verifiable locally");
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        String digest = stored.digest();
        boolean wellFormed =
                format == HashFormat.AWSCOGNITO
                        ? digest.startsWith("awscognito#") && digest.split("#", -1).length == 4
                        : digest.startsWith("hmac_sha256_utf16_b64$")
                                && digest.split("\\$", -1).length == 3;
        if (!wellFormed) {
            throw new UnreadableDigest(
                    format == HashFormat.AWSCOGNITO
                            ? "expected awscognito#<UserPoolId>#<ClientId>#<identifier>"
                            : "expected hmac_sha256_utf16_b64$<hash>$<key>");
        }
        return new ClerkConversion.ClerkDigest(format.id(), digest);
    }
}
