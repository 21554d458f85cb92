package dev.trickle.core.hash;

/**
 * The {@code ./0-9A-Za-z} base-64 alphabet of crypt(3) and phpass, which emits the low six bits of
 * each 24-bit group first.
 */
final class CryptAlphabet {
    static final String CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private CryptAlphabet() {}

    /** Appends {@code count} characters of {@code (high << 16) | (middle << 8) | low}. */
    static void append(StringBuilder out, int high, int middle, int low, int count) {
        int value = ((high & 0xff) << 16) | ((middle & 0xff) << 8) | (low & 0xff);
        for (int i = 0; i < count; i++) {
            out.append(CHARS.charAt(value & 0x3f));
            value >>>= 6;
        }
    }

    /**
     * Encodes bytes through a table of triples {@code high, middle, low} (index -1 means zero),
     * each emitting four characters except the last, which emits {@code lastCount}.
     */
    static String encode(byte[] bytes, int[] triples, int lastCount) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < triples.length; i += 3) {
            boolean last = i + 3 == triples.length;
            append(
                    out,
                    at(bytes, triples[i]),
                    at(bytes, triples[i + 1]),
                    at(bytes, triples[i + 2]),
                    last ? lastCount : 4);
        }
        return out.toString();
    }

    private static int at(byte[] bytes, int index) {
        return index < 0 ? 0 : bytes[index];
    }

    static boolean isCryptText(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
