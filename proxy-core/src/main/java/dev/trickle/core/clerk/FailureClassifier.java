package dev.trickle.core.clerk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Turns a non-success HTTP answer (status + Clerk's error envelope) or a transport exception into a
 * {@link ClerkError}. Codes are Clerk's (see shared/clerk/CONTRACT.md section 5).
 */
final class FailureClassifier {
    private final ObjectMapper json;

    FailureClassifier(ObjectMapper json) {
        this.json = json;
    }

    ClerkError classify(int status, byte[] body, Duration retryAfter) {
        ErrorEnvelope envelope = envelope(body);
        ErrorEnvelope.Entry first = firstError(envelope);
        String code = first != null && first.code() != null ? first.code() : "http_" + status;
        String param = first == null ? null : paramName(first.meta());
        String message =
                first != null && first.message() != null ? first.message() : "HTTP " + status;
        ClerkFailure failure = failureOf(status, code, param);
        boolean ambiguous = status >= 500;
        return new ClerkError(
                failure,
                status,
                code,
                param,
                status == 429 ? retryAfter : null,
                ambiguous,
                1,
                envelope == null ? null : envelope.clerkTraceId(),
                message);
    }

    /**
     * Classifies an exception of the HTTP layer. Only a failed or timed-out connect proves that
     * nothing was sent; any other I/O failure may have happened after Clerk applied the request.
     *
     * @throws CompletionException for anything that is not an I/O failure (a bug)
     */
    ClerkError classify(Throwable thrown) {
        Throwable cause =
                thrown instanceof CompletionException && thrown.getCause() != null
                        ? thrown.getCause()
                        : thrown;
        if (cause instanceof HttpConnectTimeoutException) {
            return ClerkError.clientSide(
                    ClerkFailure.RETRYABLE, "connect_timeout", false, "connect timed out");
        }
        if (cause instanceof ConnectException) {
            return ClerkError.clientSide(
                    ClerkFailure.RETRYABLE,
                    "connect_failed",
                    false,
                    "connection refused or failed");
        }
        if (cause instanceof HttpTimeoutException) {
            return ClerkError.clientSide(
                    ClerkFailure.RETRYABLE,
                    "timeout",
                    true,
                    "no answer within the request timeout");
        }
        if (cause instanceof IOException) {
            return ClerkError.clientSide(
                    ClerkFailure.RETRYABLE,
                    "io_error",
                    true,
                    "I/O failure: " + cause.getClass().getSimpleName());
        }
        throw thrown instanceof CompletionException ce ? ce : new CompletionException(thrown);
    }

    static ClerkFailure failureOf(int status, String code, String param) {
        if (status == 429) {
            return ClerkFailure.RATE_LIMITED;
        }
        if (status == 401) {
            return ClerkFailure.AUTHENTICATION;
        }
        if (status == 403) {
            if ("user_quota_exceeded".equals(code)) {
                return ClerkFailure.QUOTA_EXCEEDED;
            }
            return "action_blocked".equals(code)
                    ? ClerkFailure.REJECTED
                    : ClerkFailure.AUTHENTICATION;
        }
        if (status == 404) {
            return ClerkFailure.NOT_FOUND;
        }
        if (status == 408 || status == 409 || status >= 500) {
            return ClerkFailure.RETRYABLE;
        }
        return formFailure(code, param);
    }

    private static ClerkFailure formFailure(String code, String param) {
        switch (code) {
            case "form_identifier_exists":
                return "external_id".equals(param)
                        ? ClerkFailure.EXTERNAL_ID_TAKEN
                        : ClerkFailure.IDENTIFIER_EXISTS;
            case "form_password_pwned":
                return ClerkFailure.PASSWORD_PWNED;
            case "form_password_length_too_short":
                return ClerkFailure.PASSWORD_TOO_SHORT;
            case "form_password_digest_invalid_code":
                return ClerkFailure.INVALID_DIGEST;
            default:
                if (code.startsWith("form_param") && "password_hasher".equals(param)) {
                    return ClerkFailure.INVALID_DIGEST;
                }
                return code.startsWith("form_password")
                        ? ClerkFailure.PASSWORD_REJECTED
                        : ClerkFailure.REJECTED;
        }
    }

    private static ErrorEnvelope.Entry firstError(ErrorEnvelope envelope) {
        if (envelope == null || envelope.errors() == null || envelope.errors().isEmpty()) {
            return null;
        }
        return envelope.errors().get(0);
    }

    private ErrorEnvelope envelope(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, ErrorEnvelope.class);
        } catch (IOException notAnEnvelope) {
            return null;
        }
    }

    private static String paramName(Map<String, Object> meta) {
        if (meta == null) {
            return null;
        }
        Object value = meta.get("param_name");
        return value instanceof String s ? s : null;
    }
}
