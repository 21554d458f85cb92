package dev.trickle.core.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

/** Reads credentials from a login request as its route's {@link CredentialSource} says. */
public final class CredentialExtractor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialExtractor() {}

    /**
     * @param contentType the request's Content-Type header, or null
     * @param body the whole request body, exactly as received
     * @param authorization the Authorization header, or null
     */
    public static ExtractionResult extract(
            CredentialSource source, String contentType, byte[] body, String authorization) {
        if (source instanceof CredentialSource.FormFields form) {
            return fromForm(form, contentType, body);
        }
        if (source instanceof CredentialSource.JsonPointers json) {
            return fromJson(json, body);
        }
        return fromBasic(authorization);
    }

    private static ExtractionResult fromForm(
            CredentialSource.FormFields form, String contentType, byte[] body) {
        HeaderParameters type =
                HeaderParameters.parse(
                        contentType == null ? "application/x-www-form-urlencoded" : contentType);
        String mediaType = type.value().toLowerCase(Locale.ROOT);
        Function<String, String> fields;
        try {
            if (mediaType.equals("multipart/form-data")) {
                fields = MultipartForm.parse(type, body)::first;
            } else if (mediaType.equals("application/x-www-form-urlencoded")) {
                Charset charset =
                        type.get("charset")
                                .map(CredentialExtractor::charsetNamed)
                                .orElse(StandardCharsets.UTF_8);
                fields = FormBody.parse(new String(body, charset), charset)::first;
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
        String password = fields.apply(form.passwordField());
        if (form.identifierField().isEmpty()) {
            return passwordOnly(password, "form field " + form.passwordField());
        }
        String identifier = fields.apply(form.identifierField());
        return found(
                identifier,
                password,
                "form field " + form.identifierField(),
                "form field " + form.passwordField());
    }

    private static ExtractionResult fromJson(CredentialSource.JsonPointers json, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new ExtractionResult.Malformed("body is not valid JSON");
        } catch (java.io.IOException e) {
            return new ExtractionResult.Malformed("body could not be read as JSON");
        }
        if (root == null) {
            return new ExtractionResult.Malformed("body is empty");
        }
        JsonNode password = root.at(json.password());
        if (json.identifier().toString().isEmpty()) {
            return passwordOnly(
                    password.isTextual() ? password.asText() : null,
                    "JSON member " + json.password());
        }
        JsonNode identifier = root.at(json.identifier());
        return found(
                identifier.isValueNode() ? identifier.asText() : null,
                password.isTextual() ? password.asText() : null,
                "JSON member " + json.identifier(),
                "JSON member " + json.password());
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
                decoded.substring(0, colon),
                decoded.substring(colon + 1),
                "Basic user",
                "Basic password");
    }

    private static ExtractionResult found(
            String identifier, String password, String identifierWhere, String passwordWhere) {
        if (identifier == null || identifier.isBlank()) {
            return new ExtractionResult.Absent("no " + identifierWhere);
        }
        if (password == null || password.isEmpty()) {
            return new ExtractionResult.Absent("no " + passwordWhere);
        }
        return new ExtractionResult.Found(new Credentials(identifier.strip(), password));
    }

    /** The identifier is left empty: the route's identity source says who the user is. */
    private static ExtractionResult passwordOnly(String password, String passwordWhere) {
        if (password == null || password.isEmpty()) {
            return new ExtractionResult.Absent("no " + passwordWhere);
        }
        return new ExtractionResult.Found(new Credentials("", password));
    }

    /**
     * @throws IllegalCharsetNameException or {@link UnsupportedCharsetException} for a charset the
     *     JDK does not know
     */
    static Charset charsetNamed(String name) {
        return Charset.forName(name.trim());
    }
}
