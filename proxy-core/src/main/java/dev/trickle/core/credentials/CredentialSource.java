package dev.trickle.core.credentials;

import com.fasterxml.jackson.core.JsonPointer;

/** Where a login route carries the identifier and password. */
public sealed interface CredentialSource {

    /**
     * {@code application/x-www-form-urlencoded} fields, e.g. {@code username} and {@code password}.
     */
    record FormFields(String identifierField, String passwordField) implements CredentialSource {}

    /** JSON body members, e.g. {@code /email} and {@code /password} (RFC 6901 pointers). */
    record JsonPointers(JsonPointer identifier, JsonPointer password) implements CredentialSource {}

    /** The {@code Authorization: Basic} header. */
    record BasicAuth() implements CredentialSource {}
}
