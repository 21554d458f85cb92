package dev.trickle.core.credentials;

import dev.trickle.core.login.HttpFields;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads credentials from a login request as its route's {@link CredentialSource} says. Whatever the
 * app could read differently from Trickle (a credential field given twice, two Content-Type or
 * Authorization headers) is {@link ExtractionResult.Ambiguous}, unless the route's {@link
 * DuplicatePolicy} says which copy its stack reads.
 */
public final class CredentialExtractor {
    private CredentialExtractor() {}

    /**
     * @param headers the request's header fields
     * @param body the whole request body, exactly as received
     */
    public static ExtractionResult extract(
            CredentialSource source, DuplicatePolicy duplicates, HttpFields headers, byte[] body) {
        if (source instanceof CredentialSource.FormFields form) {
            return single(headers, "Content-Type")
                    .map(type -> fromForm(form, duplicates, type.orElse(null), body))
                    .orElseGet(() -> twice("Content-Type"));
        }
        if (source instanceof CredentialSource.JsonPointers json) {
            return fromJson(json, duplicates, body);
        }
        return single(headers, "Authorization")
                .map(authorization -> fromBasic(authorization.orElse(null)))
                .orElseGet(() -> twice("Authorization"));
    }

    /** The header's one value (or none); empty when it is given more than once. */
    private static Optional<Optional<String>> single(HttpFields headers, String name) {
        List<String> values = headers.all(name);
        if (values.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(values.stream().findFirst());
    }

    private static ExtractionResult twice(String header) {
        return new ExtractionResult.Ambiguous("the " + header + " header appears more than once");
    }

    private static ExtractionResult fromForm(
            CredentialSource.FormFields form,
            DuplicatePolicy duplicates,
            String contentType,
            byte[] body) {
        HeaderParameters type =
                HeaderParameters.parse(
                        contentType == null ? "application/x-www-form-urlencoded" : contentType);
        String mediaType = type.value().toLowerCase(Locale.ROOT);
        if (type.hasRepeatedNames()) {
            return new ExtractionResult.Malformed("Content-Type names a parameter twice");
        }
        FormValues fields;
        try {
            if (mediaType.equals("multipart/form-data")) {
                fields = MultipartForm.parse(type, body);
            } else if (mediaType.equals("application/x-www-form-urlencoded")) {
                Charset charset =
                        type.get("charset")
                                .map(CredentialExtractor::charsetNamed)
                                .orElse(StandardCharsets.UTF_8);
                fields = FormBody.parse(new String(body, charset), charset);
            } else {
                return new ExtractionResult.Absent("not a form body");
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return new ExtractionResult.Malformed("unsupported charset");
        } catch (IllegalArgumentException e) {
            return new ExtractionResult.Malformed(
                    mediaType.startsWith("multipart/")
                            ? e.getMessage()
                            : "invalid percent-encoding in the form body");
        }
        FieldValue password = fields.read(form.passwordField(), duplicates);
        String passwordWhere = "form field " + form.passwordField();
        if (form.identifierField().isEmpty()) {
            return passwordOnly(password, passwordWhere);
        }
        return found(
                fields.read(form.identifierField(), duplicates),
                password,
                "form field " + form.identifierField(),
                passwordWhere);
    }

    private static ExtractionResult fromJson(
            CredentialSource.JsonPointers json, DuplicatePolicy duplicates, byte[] body) {
        Optional<JsonBody> parsed;
        try {
            parsed = JsonBody.parse(body);
        } catch (IOException e) {
            return new ExtractionResult.Malformed("body is not valid JSON");
        }
        if (parsed.isEmpty()) {
            return new ExtractionResult.Malformed("body is empty");
        }
        JsonBody root = parsed.get();
        FieldValue password = root.read(json.password(), duplicates);
        if (password instanceof FieldValue.Present && !root.isText(json.password(), duplicates)) {
            password = FieldValue.MISSING;
        }
        String passwordWhere = "JSON member " + json.password();
        if (json.identifier().toString().isEmpty()) {
            return passwordOnly(password, passwordWhere);
        }
        return found(
                root.read(json.identifier(), duplicates),
                password,
                "JSON member " + json.identifier(),
                passwordWhere);
    }

    private static ExtractionResult fromBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new ExtractionResult.Absent("no Basic Authorization header");
        }
        String decoded;
        try {
            decoded =
                    new String(
                            Base64.getDecoder().decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new ExtractionResult.Malformed("Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new ExtractionResult.Malformed("Basic credentials have no colon");
        }
        return found(
                new FieldValue.Present(decoded.substring(0, colon)),
                new FieldValue.Present(decoded.substring(colon + 1)),
                "Basic user",
                "Basic password");
    }

    private static ExtractionResult found(
            FieldValue identifier,
            FieldValue password,
            String identifierWhere,
            String passwordWhere) {
        if (identifier instanceof FieldValue.Ambiguous a) {
            return new ExtractionResult.Ambiguous(a.reason());
        }
        if (password instanceof FieldValue.Ambiguous a) {
            return new ExtractionResult.Ambiguous(a.reason());
        }
        if (!(identifier instanceof FieldValue.Present id) || id.value().isBlank()) {
            return new ExtractionResult.Absent("no " + identifierWhere);
        }
        if (!(password instanceof FieldValue.Present pw) || pw.value().isEmpty()) {
            return new ExtractionResult.Absent("no " + passwordWhere);
        }
        return new ExtractionResult.Found(new Credentials(id.value().strip(), pw.value()));
    }

    /** The identifier is left empty: the route's identity source says who the user is. */
    private static ExtractionResult passwordOnly(FieldValue password, String passwordWhere) {
        if (password instanceof FieldValue.Ambiguous a) {
            return new ExtractionResult.Ambiguous(a.reason());
        }
        if (!(password instanceof FieldValue.Present pw) || pw.value().isEmpty()) {
            return new ExtractionResult.Absent("no " + passwordWhere);
        }
        return new ExtractionResult.Found(new Credentials("", pw.value()));
    }

    /**
     * @throws IllegalCharsetNameException or {@link UnsupportedCharsetException} for a charset the
     *     JDK does not know
     */
    static Charset charsetNamed(String name) {
        return Charset.forName(name.trim());
    }
}
