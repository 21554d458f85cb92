package dev.trickle.server.emulator;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks each request against Clerk's OpenAPI description (loaded once per JVM from the jar) and
 * turns the first violation into the error Clerk answers with.
 */
final class SpecValidator {
    static final String SPEC_RESOURCE = "/clerk/bapi-openapi.yml";

    private static final Pattern QUOTED = Pattern.compile("\\[\"([^\"]+)\"");

    private final OpenApiInteractionValidator validator;

    private SpecValidator(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /**
     * The one validator every emulator in this JVM shares: the parsed spec is large (tens of MiB),
     * and validation keeps no state between requests.
     */
    static SpecValidator shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final SpecValidator INSTANCE = load();
    }

    private static SpecValidator load() {
        String url = SpecValidator.class.getResource(SPEC_RESOURCE).toExternalForm();
        return new SpecValidator(
                OpenApiInteractionValidator.createForSpecificationUrl(url)
                        .withBasePathOverride("/v1")
                        // Authentication is checked first, with Clerk's own error codes.
                        .withLevelResolver(
                                LevelResolver.create()
                                        .withLevel(
                                                "validation.request.security",
                                                ValidationReport.Level.IGNORE)
                                        .build())
                        .build());
    }

    OpenApiInteractionValidator validator() {
        return validator;
    }

    Optional<EmulatorResponse> check(
            String method,
            String path,
            Map<String, List<String>> query,
            String contentType,
            String body) {
        SimpleRequest.Builder request =
                new SimpleRequest.Builder(Request.Method.valueOf(method), path);
        query.forEach((name, values) -> request.withQueryParam(name, values));
        if (contentType != null) {
            request.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }
        ValidationReport report = validator.validateRequest(request.build());
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                return Optional.of(toClerkError(message));
            }
        }
        return Optional.empty();
    }

    private static EmulatorResponse toClerkError(ValidationReport.Message message) {
        String key = message.getKey();
        String text = message.getMessage();
        String param = paramOf(message);
        if (key.contains("path.missing")) {
            return ClerkErrors.notFound("resource at this path");
        }
        if (key.contains("operation.notAllowed")) {
            return ClerkErrors.of(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    "method not allowed",
                    text);
        }
        if (key.contains("contentType")) {
            return ClerkErrors.of(
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_content_type",
                    "unsupported Content-Type",
                    "Content-Type must be application/json");
        }
        if (key.contains("invalidJson") || key.contains("body.missing")) {
            return ClerkErrors.of(
                    HttpResponseStatus.BAD_REQUEST,
                    "request_body_invalid",
                    "Request body invalid",
                    "The request body is invalid");
        }
        if (key.contains("additionalProperties")) {
            Matcher m = QUOTED.matcher(text);
            String unknown = m.find() ? m.group(1) : param;
            return ClerkErrors.invalid(
                    "form_param_unknown",
                    unknown,
                    unknown + " is not a valid parameter for this request.");
        }
        if (key.contains("request.parameter.query")) {
            return ClerkErrors.invalid(
                    "form_param_format_invalid", param, param + " has an invalid value: " + text);
        }
        if (key.contains("required")) {
            return ClerkErrors.missing(param);
        }
        if (key.contains("enum")) {
            return ClerkErrors.invalid(
                    "form_param_value_invalid",
                    param,
                    param + " does not match one of the allowed values");
        }
        return ClerkErrors.invalid(
                "form_param_format_invalid", param, param + " is invalid: " + text);
    }

    private static String paramOf(ValidationReport.Message message) {
        Optional<ValidationReport.MessageContext> context = message.getContext();
        if (context.isPresent()) {
            if (context.get().getParameter().isPresent()) {
                return context.get().getParameter().get().getName();
            }
            Optional<String> pointer =
                    context.get()
                            .getPointers()
                            .map(ValidationReport.MessageContext.Pointers::getInstance);
            if (pointer.isPresent() && pointer.get().length() > 1) {
                String p = pointer.get().substring(1);
                int slash = p.indexOf('/');
                return slash < 0 ? p : p.substring(0, slash);
            }
        }
        Matcher m = Pattern.compile("\\[Path '/([^'/]+)").matcher(message.getMessage());
        return m.find() ? m.group(1) : "body";
    }
}
