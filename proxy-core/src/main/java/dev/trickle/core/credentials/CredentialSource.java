package dev.trickle.core.credentials;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * Where a route carries the identifier and password. A password-change or reset request often
 * carries no identifier (the session or the reset token says who it is): then the identifier field
 * is empty ({@code ""}, or the empty JSON pointer) and only the password is read.
 */
public sealed interface CredentialSource {

    /**
     * {@code application/x-www-form-urlencoded} fields, e.g. {@code username} and {@code password}.
     */
    record FormFields(String identifierField, String passwordField) implements CredentialSource {
        /** A form that names no identifier field (a password change of the signed-in user). */
        public static FormFields passwordOnly(String passwordField) {
            return new FormFields("", passwordField);
        }
    }

    /** JSON body members, e.g. {@code /email} and {@code /password} (RFC 6901 pointers). */
    record JsonPointers(JsonPointer identifier, JsonPointer password) implements CredentialSource {
        public static JsonPointers passwordOnly(JsonPointer password) {
            return new JsonPointers(JsonPointer.empty(), password);
        }
    }

    /** The {@code Authorization: Basic} header. */
    record BasicAuth() implements CredentialSource {}
}
