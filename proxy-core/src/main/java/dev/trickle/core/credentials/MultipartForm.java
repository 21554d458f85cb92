package dev.trickle.core.credentials;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578), as browsers send a form posted with that enctype
 * or a script's {@code fetch(url, {body: new FormData(form)})}: every text field, every copy, in
 * order. File parts are skipped; a part's text is read in the charset its Content-Type names, else
 * UTF-8, which is what browsers send for a UTF-8 page.
 */
final class MultipartForm {
    private static final int MAX_BOUNDARY_LENGTH = 70;

    private MultipartForm() {}

    /**
     * @throws IllegalArgumentException when the boundary is missing or the body does not follow it
     *     (the message names what is wrong, never a field's value)
     */
    static FormValues parse(HeaderParameters contentType, byte[] body) {
        String boundary =
                contentType
                        .get("boundary")
                        .filter(b -> !b.isEmpty() && b.length() <= MAX_BOUNDARY_LENGTH)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "multipart body without a valid boundary"));
        // Latin-1 maps each byte to one char, so offsets in the text are offsets in the body.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.startsWith(delimiter) ? 0 : text.indexOf("\r\n" + delimiter);
        if (at < 0) {
            throw new IllegalArgumentException("multipart body without its boundary");
        }
        int pos = (at == 0 ? 0 : at + 2) + delimiter.length();
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        while (!text.startsWith("--", pos)) {
            pos = skipPadding(text, pos);
            if (!text.startsWith("\r\n", pos)) {
                throw new IllegalArgumentException("multipart boundary not followed by CRLF");
            }
            pos += 2;
            int headersEnd = text.startsWith("\r\n", pos) ? pos : text.indexOf("\r\n\r\n", pos);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("multipart part without a blank line");
            }
            int contentStart = headersEnd + (headersEnd == pos ? 2 : 4);
            int next = text.indexOf("\r\n" + delimiter, contentStart);
            if (next < 0) {
                throw new IllegalArgumentException("multipart body without its closing boundary");
            }
            Part part = Part.of(text.substring(pos, headersEnd));
            if (part.name() != null && !part.isFile()) {
                byte[] content = Arrays.copyOfRange(body, contentStart, next);
                fields.add(Map.entry(part.name(), new String(content, part.charset())));
            }
            pos = next + 2 + delimiter.length();
        }
        return new FormValues(fields);
    }

    private static int skipPadding(String text, int pos) {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    /** One part's headers: its field name, whether it is a file, its text's charset. */
    private record Part(String name, boolean isFile, Charset charset) {
        /**
         * @throws IllegalArgumentException when the part could name its field in two ways (two
         *     Content-Disposition headers, a parameter given twice, an RFC 8187 {@code name*}): the
         *     app's parser may pick the other one
         */
        static Part of(String headers) {
            String name = null;
            boolean file = false;
            boolean disposed = false;
            Charset charset = StandardCharsets.UTF_8;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                HeaderParameters value = HeaderParameters.parse(line.substring(colon + 1));
                if (header.equals("content-disposition")) {
                    if (disposed || value.hasRepeatedNames() || value.get("name*").isPresent()) {
                        throw new IllegalArgumentException(
                                "multipart part names its field ambiguously");
                    }
                    disposed = true;
                    // Header bytes were read as Latin-1; browsers write field names in UTF-8.
                    name = value.get("name").map(MultipartForm::utf8).orElse(null);
                    file = value.get("filename").isPresent();
                } else if (header.equals("content-type")) {
                    charset =
                            value.get("charset")
                                    .map(CredentialExtractor::charsetNamed)
                                    .orElse(StandardCharsets.UTF_8);
                }
            }
            return new Part(name, file, charset);
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
