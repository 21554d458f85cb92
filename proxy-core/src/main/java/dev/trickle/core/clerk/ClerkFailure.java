package dev.trickle.core.clerk;

/**
 * Kinds of failed Clerk calls that callers act on differently. Mapped from the HTTP status and the
 * first entry of Clerk's error envelope by {@link FailureClassifier}.
 */
public enum ClerkFailure {
    /** 422 {@code form_identifier_exists}: email, username or phone already used (see param). */
    IDENTIFIER_EXISTS(false),
    /** 422 {@code form_identifier_exists} on {@code external_id}: another user has this id. */
    EXTERNAL_ID_TAKEN(false),
    /** 422 {@code form_password_pwned}: the plaintext is in a breach list. */
    PASSWORD_PWNED(false),
    /** 422 {@code form_password_length_too_short}. */
    PASSWORD_TOO_SHORT(false),
    /** 422 other {@code form_password_*}: the instance's password policy said no. */
    PASSWORD_REJECTED(false),
    /** 422 {@code form_password_digest_invalid_code}, or an unknown {@code password_hasher}. */
    INVALID_DIGEST(false),
    /** 401, or 403 other than quota: the secret key is wrong. A configuration error. */
    AUTHENTICATION(false),
    /** 403 {@code user_quota_exceeded}: a development instance holds its maximum of users. */
    QUOTA_EXCEEDED(false),
    /** 404: no such user. */
    NOT_FOUND(false),
    /** 429: Clerk's rate limit; {@code retryAfter} says for how long. */
    RATE_LIMITED(true),
    /** 5xx, 409 (resource locked, conflict), I/O error or timeout: worth another attempt. */
    RETRYABLE(true),
    /** No permit of the rate limiter (or no retry) could start before the caller's deadline. */
    DEADLINE_EXCEEDED(false),
    /** Any other 4xx, or a response the client could not read: retrying will not help. */
    REJECTED(false);

    private final boolean retryable;

    ClerkFailure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
