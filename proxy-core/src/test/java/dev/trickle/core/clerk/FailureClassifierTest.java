package dev.trickle.core.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class FailureClassifierTest {
    private final FailureClassifier classifier = new FailureClassifier(ClerkJson.MAPPER);

    private ClerkError classify(int status, String body) {
        return classifier.classify(status, body.getBytes(StandardCharsets.UTF_8), null);
    }

    @ParameterizedTest(name = "{0} {1} param={2} -> {3}")
    @CsvSource({
        "422, form_identifier_exists, email_address, IDENTIFIER_EXISTS",
        "422, form_identifier_exists, username, IDENTIFIER_EXISTS",
        "422, form_identifier_exists, external_id, EXTERNAL_ID_TAKEN",
        "422, form_password_pwned, password, PASSWORD_PWNED",
        "422, form_password_length_too_short, password, PASSWORD_TOO_SHORT",
        "422, form_password_not_strong_enough, password, PASSWORD_REJECTED",
        "422, form_password_no_uppercase, password, PASSWORD_REJECTED",
        "422, form_password_digest_invalid_code, password_digest, INVALID_DIGEST",
        "422, form_param_value_invalid, password_hasher, INVALID_DIGEST",
        "422, form_param_unknown, skip_restriction_checks, REJECTED",
        "422, form_param_invalid_time, created_at, REJECTED",
        "400, request_body_invalid, , REJECTED",
        "401, clerk_key_invalid, , AUTHENTICATION",
        "401, authorization_header_format_invalid, , AUTHENTICATION",
        "403, authorization_invalid, , AUTHENTICATION",
        "403, user_quota_exceeded, , QUOTA_EXCEEDED",
        "403, action_blocked, , REJECTED",
        "402, payment_required, , REJECTED",
        "404, resource_not_found, , NOT_FOUND",
        "409, resource_locked, , RETRYABLE",
        "409, conflict, , RETRYABLE",
        "429, too_many_requests, , RATE_LIMITED",
        "500, internal_clerk_error, , RETRYABLE",
        "503, service_unavailable, , RETRYABLE",
    })
    void envelopeMapsToTheFailureCallersActOn(
            int status, String code, String param, ClerkFailure expected) {
        ClerkError error = classify(status, ClerkFixtures.errors(code, param));

        assertThat(error.failure()).isEqualTo(expected);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.paramName()).isEqualTo(param);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.traceId()).isEqualTo("trace_123");
        assertThat(error.message()).isEqualTo("is invalid");
    }

    @Test
    void onlyServerErrorsAreAmbiguous() {
        assertThat(classify(500, ClerkFixtures.errors("internal_clerk_error", null)).ambiguous())
                .isTrue();
        assertThat(classify(409, ClerkFixtures.errors("resource_locked", null)).ambiguous())
                .isFalse();
        assertThat(classify(429, ClerkFixtures.errors("too_many_requests", null)).ambiguous())
                .isFalse();
        assertThat(classify(422, ClerkFixtures.errors("form_param_unknown", "x")).ambiguous())
                .isFalse();
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        ClerkError error =
                classifier.classify(
                        429,
                        ClerkFixtures.errors("too_many_requests", null)
                                .getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(7));
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void bodyThatIsNotAnEnvelopeFallsBackToTheStatus() {
        ClerkError gateway = classify(502, "<html>Bad gateway</html>");
        assertThat(gateway.failure()).isEqualTo(ClerkFailure.RETRYABLE);
        assertThat(gateway.code()).isEqualTo("http_502");

        ClerkError empty = classifier.classify(404, new byte[0], null);
        assertThat(empty.failure()).isEqualTo(ClerkFailure.NOT_FOUND);
        assertThat(empty.message()).isEqualTo("HTTP 404");
    }

    @Test
    void firstOfSeveralErrorsDecides() {
        String body =
                """
                {"errors":[
                  {"message":"taken","long_message":"taken","code":"form_identifier_exists",
                   "meta":{"param_name":"username"}},
                  {"message":"pwned","long_message":"pwned","code":"form_password_pwned","meta":{}}]}
                """;
        assertThat(classify(422, body).failure()).isEqualTo(ClerkFailure.IDENTIFIER_EXISTS);
    }

    @Test
    void failedConnectIsRetryableAndProvesNothingWasSent() {
        assertThat(classifier.classify(new ConnectException("refused")))
                .extracting(ClerkError::failure, ClerkError::ambiguous)
                .containsExactly(ClerkFailure.RETRYABLE, false);
        assertThat(classifier.classify(new HttpConnectTimeoutException("slow")))
                .extracting(ClerkError::failure, ClerkError::ambiguous)
                .containsExactly(ClerkFailure.RETRYABLE, false);
    }

    @Test
    void timeoutOrBrokenConnectionAfterSendingIsAmbiguous() {
        assertThat(classifier.classify(new CompletionException(new HttpTimeoutException("t"))))
                .extracting(ClerkError::failure, ClerkError::ambiguous, ClerkError::code)
                .containsExactly(ClerkFailure.RETRYABLE, true, "timeout");
        assertThat(classifier.classify(new IOException("connection reset")))
                .extracting(ClerkError::failure, ClerkError::ambiguous, ClerkError::code)
                .containsExactly(ClerkFailure.RETRYABLE, true, "io_error");
    }

    @Test
    void nonIoExceptionIsABugAndPropagates() {
        assertThatThrownBy(() -> classifier.classify(new IllegalStateException("bug")))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
