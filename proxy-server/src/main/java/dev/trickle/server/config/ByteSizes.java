package dev.trickle.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code 16384}, {@code 64KiB}, {@code 10MiB} or {@code 1GiB}. */
final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|kb|mib|mb|gib|gb)?");

    private ByteSizes() {}

    static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long multiplier =
                switch (unit) {
                    case "kib", "kb" -> 1024L;
                    case "mib", "mb" -> 1024L * 1024;
                    case "gib", "gb" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
        return Math.multiplyExact(amount, multiplier);
    }
}
