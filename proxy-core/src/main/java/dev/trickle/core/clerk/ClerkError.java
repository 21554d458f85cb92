package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed Clerk call, safe to log: it carries Clerk's error code and short message, never a
 * request body.
 *
 * @param failure what kind of failure, for branching
 * @param httpStatus the HTTP status, 0 if no response arrived
 * @param code Clerk's {@code errors[0].code}, or a client-side code such as {@code io_error}
 * @param paramName Clerk's {@code errors[0].meta.param_name}, or {@code null}
 * @param retryAfter the 429 {@code Retry-After}, or {@code null}
 * @param ambiguous the request may have been applied although no success was seen (timeout or 5xx
 *     after sending); a create must then be reconciled by looking the user up by {@code
 *     external_id} instead of being sent again
 * @param attempts how many requests were sent for this call
 * @param traceId Clerk's {@code clerk_trace_id}, or {@code null}
 * @param message Clerk's short {@code message}, or a client-side description
 */
public record ClerkError(
        ClerkFailure failure,
        int httpStatus,
        String code,
        String paramName,
        Duration retryAfter,
        boolean ambiguous,
        int attempts,
        String traceId,
        String message) {

    public ClerkError {
        requireNonNull(failure, "failure");
        requireNonNull(code, "code");
        requireNonNull(message, "message");
    }

    public Optional<String> param() {
        return Optional.ofNullable(paramName);
    }

    public Optional<Duration> retryAfterDuration() {
        return Optional.ofNullable(retryAfter);
    }

    ClerkError withAttempts(int count) {
        return new ClerkError(
                failure,
                httpStatus,
                code,
                paramName,
                retryAfter,
                ambiguous,
                count,
                traceId,
                message);
    }

    static ClerkError clientSide(
            ClerkFailure failure, String code, boolean ambiguous, String message) {
        return new ClerkError(failure, 0, code, null, null, ambiguous, 0, null, message);
    }
}
