package dev.trickle.core.login;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The path of a request target as the stacks behind Trickle may read it, for matching login routes
 * only (the bytes forwarded stay as received). Every reading resolves dot segments, merges {@code
 * //}, drops {@code ;params} from each segment and a trailing slash, decodes percent-escapes and
 * folds case, and the path of an absolute-form target is taken: a login route is rather matched too
 * often (a request that is no login is still judged by the route's success rules) than too seldom.
 *
 * <p>Some forms mean different things to different stacks: an encoded {@code /} or {@code \}, an
 * encoded {@code ;}, NUL, an encoded {@code %} (decoded twice by some), an invalid escape, a {@code
 * #}, a {@code ..} above the root. A target with one of them is {@link #ambiguity() ambiguous}, and
 * its readings are every combination of the ways it can be read.
 */
public final class RequestTarget {
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    /** Forms stacks read differently, each with the reading it adds to the plain one. */
    private enum Feature {
        ENCODED_SLASH("an encoded slash or a backslash"),
        ENCODED_SEMICOLON("an encoded semicolon"),
        NUL("an encoded NUL"),
        ENCODED_PERCENT("an encoded percent sign"),
        INVALID_ESCAPE("an invalid percent-escape"),
        FRAGMENT("a fragment"),
        ABOVE_ROOT("a dot segment above the root");

        private final String description;

        Feature(String description) {
            this.description = description;
        }
    }

    private final Set<String> readings;
    private final Optional<String> ambiguity;
    private final String query;

    private RequestTarget(Set<String> readings, Optional<String> ambiguity, String query) {
        this.readings = Set.copyOf(readings);
        this.ambiguity = ambiguity;
        this.query = query;
    }

    /**
     * @return empty for a target that has no path to match: {@code *}, an authority (CONNECT), or
     *     anything else that is neither origin nor absolute form
     */
    public static Optional<RequestTarget> parse(String target) {
        String rest;
        if (target.startsWith("/")) {
            rest = target;
        } else if (ABSOLUTE.matcher(target).find()) {
            int authority = target.indexOf("://") + 3;
            int end = authority;
            while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            rest =
                    end < target.length() && target.charAt(end) == '/'
                            ? target.substring(end)
                            : "/" + target.substring(end);
        } else {
            return Optional.empty();
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        EnumSet<Feature> features = features(path);
        Set<String> readings = new LinkedHashSet<>();
        List<Feature> present = new ArrayList<>(features);
        for (int mask = 0; mask < 1 << present.size(); mask++) {
            EnumSet<Feature> applied = EnumSet.noneOf(Feature.class);
            for (int i = 0; i < present.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    applied.add(present.get(i));
                }
            }
            readings.add(read(path, applied, new boolean[1]));
        }
        Optional<String> ambiguity =
                features.isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                                "the path holds "
                                        + features.stream()
                                                .map(f -> f.description)
                                                .collect(Collectors.joining(", ")));
        return Optional.of(new RequestTarget(readings, ambiguity, query));
    }

    /**
     * The one reading of a configured route path, or empty when it has more than one (a route path
     * must not be ambiguous itself) or is not a path.
     */
    public static Optional<String> normalise(String path) {
        if (!path.startsWith("/") || path.contains("?")) {
            return Optional.empty();
        }
        return parse(path)
                .filter(t -> t.ambiguity.isEmpty())
                .map(t -> t.readings.iterator().next());
    }

    /** Why the stacks may read this target differently; empty when they all read it alike. */
    public Optional<String> ambiguity() {
        return ambiguity;
    }

    /** The raw query, without its {@code ?}; empty when there is none. */
    public String query() {
        return query;
    }

    /**
     * Whether any reading is {@code routePath} (as {@link #normalise} gives it), or with {@code
     * subpaths} lies below it, as PHP runs {@code /wp-login.php/anything} as {@code /wp-login.php}.
     */
    public boolean reaches(String routePath, boolean subpaths) {
        String prefix = routePath.endsWith("/") ? routePath : routePath + "/";
        for (String reading : readings) {
            if (reading.equals(routePath) || (subpaths && reading.startsWith(prefix))) {
                return true;
            }
        }
        return false;
    }

    private static EnumSet<Feature> features(String path) {
        EnumSet<Feature> features = escapes(path);
        if (features.contains(Feature.ENCODED_PERCENT)) {
            // What a stack that decodes twice finds after the first pass.
            features.addAll(escapes(decodePercentSigns(path)));
        }
        boolean[] aboveRoot = {false};
        read(path, EnumSet.noneOf(Feature.class), aboveRoot);
        if (aboveRoot[0]) {
            features.add(Feature.ABOVE_ROOT);
        }
        return features;
    }

    private static EnumSet<Feature> escapes(String path) {
        EnumSet<Feature> features = EnumSet.noneOf(Feature.class);
        if (path.indexOf('\\') >= 0) {
            features.add(Feature.ENCODED_SLASH);
        }
        if (path.indexOf('#') >= 0) {
            features.add(Feature.FRAGMENT);
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            int value = escape(path, i);
            if (value < 0) {
                features.add(Feature.INVALID_ESCAPE);
            } else if (value == '/' || value == '\\') {
                features.add(Feature.ENCODED_SLASH);
            } else if (value == ';') {
                features.add(Feature.ENCODED_SEMICOLON);
            } else if (value == 0) {
                features.add(Feature.NUL);
            } else if (value == '%') {
                features.add(Feature.ENCODED_PERCENT);
            }
        }
        return features;
    }

    private static String decodePercentSigns(String path) {
        return path.replaceAll("%25(?=[0-9A-Fa-f]{2})", "%");
    }

    /** One reading of {@code path} with the {@code applied} alternatives. */
    private static String read(String path, EnumSet<Feature> applied, boolean[] aboveRoot) {
        String p = path;
        if (applied.contains(Feature.FRAGMENT)) {
            p = p.substring(0, p.indexOf('#'));
        }
        if (applied.contains(Feature.ENCODED_PERCENT)) {
            p = decodePercentSigns(p);
        }
        if (applied.contains(Feature.ENCODED_SLASH)) {
            p = p.replace('\\', '/').replaceAll("%(2[Ff]|5[Cc])", "/");
        }
        ArrayDeque<String> segments = new ArrayDeque<>();
        for (String raw : p.split("/", -1)) {
            int semicolon = raw.indexOf(';');
            String segment =
                    decode(
                            semicolon < 0 ? raw : raw.substring(0, semicolon),
                            applied.contains(Feature.INVALID_ESCAPE));
            if (applied.contains(Feature.ENCODED_SEMICOLON) && segment.indexOf(';') >= 0) {
                segment = segment.substring(0, segment.indexOf(';'));
            }
            boolean truncated = applied.contains(Feature.NUL) && segment.indexOf('\0') >= 0;
            if (truncated) {
                segment = segment.substring(0, segment.indexOf('\0'));
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    aboveRoot[0] = true;
                } else {
                    segments.removeLast();
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
            if (truncated) {
                break;
            }
        }
        return ("/" + String.join("/", segments)).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /**
     * Decodes percent-escapes, keeping an encoded {@code /} or {@code \} as the escape (it is data
     * in this reading, not a separator); an invalid escape is kept as it is, or dropped.
     */
    private static String decode(String segment, boolean dropInvalid) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                // The request line arrives one byte per char; non-ASCII bytes are UTF-8.
                bytes.write(c & 0xFF);
                continue;
            }
            int value = escape(segment, i);
            if (value < 0) {
                if (!dropInvalid) {
                    bytes.write('%');
                }
            } else if (value == '/' || value == '\\') {
                bytes.writeBytes(
                        segment.substring(i, i + 3)
                                .toUpperCase(Locale.ROOT)
                                .getBytes(StandardCharsets.US_ASCII));
                i += 2;
            } else {
                bytes.write(value);
                i += 2;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The byte the escape at {@code i} stands for, or -1 when it is not a valid escape. */
    private static int escape(String s, int i) {
        if (i + 3 > s.length()) {
            return -1;
        }
        int high = Character.digit(s.charAt(i + 1), 16);
        int low = Character.digit(s.charAt(i + 2), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
