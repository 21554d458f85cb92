package dev.trickle.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.login.HttpFields;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile login requests through {@link CredentialExtractor}: form-urlencoded, multipart, JSON and
 * Basic. Plain {@code mvn verify} replays the committed seeds in {@code
 * CredentialExtractorFuzzTestInputs/extract} (real WordPress, Django, Devise, Laravel and JSON
 * logins); {@code JAZZER_FUZZ=1} mutates them (docs/security.md).
 *
 * <p>An input is three lines and a body: the route's credentials ({@code form <identifier>
 * <password>}, {@code json <pointer> <pointer>}, {@code basic}; {@code -} or nothing for no
 * identifier), the Content-Type header, the Authorization header (empty lines for none), then the
 * raw body bytes.
 */
final class CredentialExtractorFuzzTest {
    /**
     * A reason may name a configured field, but no run of the request this long: 12 bytes of a
     * password are already too many to show.
     */
    private static final int ECHO_WINDOW = 12;

    /** Single-byte or self-synchronising: text decoded from them re-encodes to the same bytes. */
    private static final Set<Charset> ROUND_TRIP_CHARSETS =
            Set.of(
                    StandardCharsets.UTF_8,
                    StandardCharsets.ISO_8859_1,
                    StandardCharsets.US_ASCII,
                    Charset.forName("windows-1252"));

    private static final Pattern CHARSET_PARAMETER =
            Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\r\\n]*)");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What separates values in the formats read: form pairs, part lines, JSON strings. */
    private static final Pattern VALUE_DELIMITERS = Pattern.compile("[&=\\r\\n\"]");

    /**
     * Header names a reason may name, fine to show like the configured fields: they are protocol
     * vocabulary, and a multipart body carries them too.
     */
    private static final List<String> HEADER_NAMES =
            List.of("Content-Disposition", "Content-Type", "Authorization");

    @FuzzTest
    @Timeout(10)
    void extract(byte[] input) throws IOException {
        int[] ends = lineEnds(input);
        if (ends == null) {
            return;
        }
        String route = latin1(input, 0, ends[0]);
        String contentType = emptyToNull(latin1(input, ends[0] + 1, ends[1]));
        String authorization = emptyToNull(latin1(input, ends[1] + 1, ends[2]));
        byte[] body = Arrays.copyOfRange(input, ends[2] + 1, input.length);
        String[] words = route.split(" ", -1);
        CredentialSource source = source(words);
        if (source == null) {
            return;
        }

        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (contentType != null) {
            fields.add(Map.entry("Content-Type", contentType));
        }
        if (authorization != null) {
            fields.add(Map.entry("Authorization", authorization));
        }
        HttpFields headers = HttpFields.of(fields);
        List<String> names = new ArrayList<>(Arrays.asList(words));
        for (DuplicatePolicy duplicates : DuplicatePolicy.values()) {
            check(
                    CredentialExtractor.extract(source, duplicates, headers, body),
                    source,
                    names,
                    contentType,
                    body,
                    authorization);
        }
    }

    private static void check(
            ExtractionResult result,
            CredentialSource source,
            List<String> names,
            String contentType,
            byte[] body,
            String authorization)
            throws IOException {
        assertThat(result).isNotNull();
        if (result instanceof ExtractionResult.Malformed malformed) {
            assertNamesNothingOf(malformed.reason(), names, body, contentType, authorization);
        } else if (result instanceof ExtractionResult.Absent absent) {
            assertNamesNothingOf(absent.reason(), names, body, contentType, authorization);
        } else if (result instanceof ExtractionResult.Ambiguous ambiguous) {
            assertNamesNothingOf(ambiguous.reason(), names, body, contentType, authorization);
        } else {
            Credentials found = ((ExtractionResult.Found) result).credentials();
            assertThat(found.password()).isNotEmpty();
            assertThat(found.identifier().isEmpty()).isEqualTo(passwordOnly(source));
            assertCameFromTheRequest(source, found, contentType, body, authorization);
        }
    }

    /** The route the first line names, or null for a line that configures nothing valid. */
    private static CredentialSource source(String[] words) {
        if (words[0].equals("basic")) {
            return new CredentialSource.BasicAuth();
        }
        if (words.length != 3 || words[2].isEmpty()) {
            return null;
        }
        String identifier = words[1].equals("-") ? "" : words[1];
        if (words[0].equals("form")) {
            return new CredentialSource.FormFields(identifier, words[2]);
        }
        if (words[0].equals("json")) {
            try {
                return new CredentialSource.JsonPointers(
                        JsonPointer.compile(identifier), JsonPointer.compile(words[2]));
            } catch (IllegalArgumentException e) {
                return null; // not a pointer: refused when the config is read
            }
        }
        return null;
    }

    private static boolean passwordOnly(CredentialSource source) {
        if (source instanceof CredentialSource.FormFields form) {
            return form.identifierField().isEmpty();
        }
        return source instanceof CredentialSource.JsonPointers json
                && json.identifier().toString().isEmpty();
    }

    private static void assertCameFromTheRequest(
            CredentialSource source,
            Credentials found,
            String contentType,
            byte[] body,
            String authorization)
            throws IOException {
        if (source instanceof CredentialSource.BasicAuth) {
            String decoded =
                    new String(
                            Base64.getDecoder().decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
            assertThat(decoded).endsWith(":" + found.password()).contains(found.identifier());
            return;
        }
        if (source instanceof CredentialSource.JsonPointers) {
            List<String> values = new ArrayList<>();
            collectValues(JSON.readTree(body), values);
            assertThat(values).contains(found.password());
            if (!found.identifier().isEmpty()) {
                assertThat(values.stream().map(String::strip)).contains(found.identifier());
            }
            return;
        }
        String mediaType =
                contentType == null
                        ? "application/x-www-form-urlencoded"
                        : HeaderParameters.parse(contentType).value().toLowerCase(Locale.ROOT);
        if (mediaType.equals("multipart/form-data")) {
            assertInMultipartBody(found.password(), body);
            assertInMultipartBody(found.identifier(), body);
            return;
        }
        // Decoding the whole body at once yields every field's decoded name and value in turn.
        Charset charset =
                contentType == null
                        ? StandardCharsets.UTF_8
                        : HeaderParameters.parse(contentType)
                                .get("charset")
                                .map(CredentialExtractor::charsetNamed)
                                .orElse(StandardCharsets.UTF_8);
        String decoded = URLDecoder.decode(new String(body, charset), charset);
        assertThat(decoded).contains(found.password()).contains(found.identifier());
    }

    /**
     * A part's text is decoded in the charset its headers name; when every charset the body names
     * round-trips, the text's bytes in one of them must be in the body.
     */
    private static void assertInMultipartBody(String text, byte[] body) {
        if (text.indexOf('\uFFFD') >= 0) {
            return; // undecodable bytes: the text cannot be encoded back to them
        }
        Matcher named = CHARSET_PARAMETER.matcher(latin1(body, 0, body.length));
        while (named.find()) {
            if (!roundTrips(named.group(1).trim())) {
                return;
            }
        }
        for (Charset charset : ROUND_TRIP_CHARSETS) {
            if (indexOf(body, text.getBytes(charset)) >= 0) {
                return;
            }
        }
        throw new AssertionError("multipart credential not found in the body");
    }

    private static boolean roundTrips(String name) {
        try {
            return ROUND_TRIP_CHARSETS.contains(Charset.forName(name));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void collectValues(JsonNode node, List<String> values) {
        if (node == null) {
            return;
        }
        if (node.isValueNode()) {
            values.add(node.asText());
        }
        node.elements().forEachRemaining(child -> collectValues(child, values));
    }

    /**
     * No run of a value the request carries (a field, a part, a JSON string, the Basic credentials)
     * reaches the reason, once the configured field names (configuration, fine to name) are taken
     * out. Values, not the whole request: reasons legitimately share words with its structure
     * ("multipart", "boundary"). Set lookups rather than {@code String.contains}, and the fuzz
     * profile keeps Jazzer's hooks out of this class, so that the fuzzer is not steered into
     * copying reasons into requests.
     */
    private static void assertNamesNothingOf(
            String reason,
            List<String> names,
            byte[] body,
            String contentType,
            String authorization) {
        String checked = reason;
        List<String> named = new ArrayList<>(names);
        named.addAll(HEADER_NAMES);
        named.sort((a, b) -> b.length() - a.length());
        for (String name : named) {
            if (!name.isEmpty()) {
                checked = checked.replace(name, "");
            }
        }
        for (int i = 0; i < checked.length(); i++) {
            char c = checked.charAt(i);
            assertThat(c >= 0x20 && c < 0x7f).as("printable ASCII reason: " + reason).isTrue();
        }
        Set<String> values = new HashSet<>();
        for (String text :
                List.of(latin1(body, 0, body.length), new String(body, StandardCharsets.UTF_8))) {
            for (String value : VALUE_DELIMITERS.split(text)) {
                addWindows(values, value);
                try {
                    addWindows(values, URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not percent-encoded: the raw windows cover it
                }
            }
        }
        List<String> json = new ArrayList<>();
        try {
            collectValues(JSON.readTree(body), json);
        } catch (IOException e) {
            // not JSON: its strings are among the raw values
        }
        json.forEach(value -> addWindows(values, value));
        if (contentType != null) {
            HeaderParameters.parse(contentType)
                    .get("boundary")
                    .ifPresent(b -> addWindows(values, b));
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String token = authorization.substring(6).trim();
            addWindows(values, token);
            try {
                addWindows(
                        values,
                        new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not base64: nothing decoded that could leak
            }
        }
        Set<String> quoted = new HashSet<>();
        addWindows(quoted, checked);
        quoted.retainAll(values);
        assertThat(quoted).as("request values in the reason: " + reason).isEmpty();
    }

    private static void addWindows(Set<String> windows, String text) {
        for (int i = 0; i + ECHO_WINDOW <= text.length(); i++) {
            windows.add(text.substring(i, i + ECHO_WINDOW));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Where the first three lines end, or null when the input has fewer. */
    private static int[] lineEnds(byte[] input) {
        int[] ends = new int[3];
        int found = 0;
        for (int i = 0; i < input.length && found < 3; i++) {
            if (input[i] == '\n') {
                ends[found++] = i;
            }
        }
        return found == 3 ? ends : null;
    }

    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String emptyToNull(String header) {
        return header.isEmpty() ? null : header;
    }
}
