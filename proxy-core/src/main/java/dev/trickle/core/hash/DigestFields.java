package dev.trickle.core.hash;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Parsing of the fields digests are made of; failures become {@link UnreadableDigest}. */
final class DigestFields {
    private static final HexFormat HEX = HexFormat.of();

    private DigestFields() {}

    static String[] split(String text, String separatorRegex, int expectedParts, String layout) {
        String[] parts = text.split(separatorRegex, -1);
        if (parts.length != expectedParts) {
            throw new UnreadableDigest("expected " + layout);
        }
        return parts;
    }

    static byte[] hex(String text, String field) {
        try {
            return HEX.parseHex(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UnreadableDigest(field + " is not hexadecimal");
        }
    }

    static String toHex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Standard or URL-safe base64, padding optional (PHC strings and some exports omit it). */
    static byte[] base64(String text, String field) {
        String normalised = text.replace('-', '+').replace('_', '/').replace("=", "");
        try {
            return Base64.getDecoder().decode(normalised);
        } catch (IllegalArgumentException e) {
            throw new UnreadableDigest(field + " is not base64");
        }
    }

    static String toBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static int positiveInt(String text, String field) {
        if (text.matches("[0-9]{10,}")) {
            // Saturate so that the cost check rejects it with a clear reason.
            return Integer.MAX_VALUE;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 1) {
                throw new UnreadableDigest(field + " must be positive");
            }
            return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
        } catch (NumberFormatException e) {
            throw new UnreadableDigest(field + " is not a decimal number");
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    /**
     * Stored hashes are at most a few SHA-512 blocks; a longer one would make key derivation
     * produce (and pay for) that many blocks.
     */
    static final int MAX_HASH_BYTES = 128;

    static byte[] checkHashLength(byte[] hash) {
        if (hash.length == 0) {
            throw new UnreadableDigest("hash is empty");
        }
        if (hash.length > MAX_HASH_BYTES) {
            throw new UnreadableDigest("hash longer than " + MAX_HASH_BYTES + " bytes");
        }
        return hash;
    }
}
