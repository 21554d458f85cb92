package dev.trickle.core.clerk;

/** Answer of {@code POST /users/{id}/verify_password}. */
public enum PasswordVerification {
    /** 200: the password matches. */
    VERIFIED,
    /** 422: the password does not match. */
    INCORRECT,
    /** 400: the user has no password. */
    NO_PASSWORD
}
