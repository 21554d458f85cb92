package dev.trickle.core.legacy;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * How a legacy user found by the identifier the client typed is confirmed to be the user the legacy
 * app signed in. The typed identifier alone proves nothing: the app may have read another copy of
 * the field, another parameter, or answered another action with the same redirect.
 */
public sealed interface IdentityConfirmation {

    /**
     * The typed password must match the user's digest, read after the app answered (so after a
     * password change or sign-up, the new one). A user whose password is typed already knows it:
     * moving them with it moves nothing an attacker did not have.
     */
    record TypedPassword(DigestCheck digests) implements IdentityConfirmation {}

    /**
     * Ask the app who is signed in (GET {@code url} with the login's cookies): the id at {@code id}
     * in its JSON answer must be the user's legacy id.
     */
    record CurrentUser(URI url, JsonPointer id) implements IdentityConfirmation {}

    /**
     * A cookie the app's answer sets carries the signed-in user, as WordPress's {@code
     * wordpress_logged_in_<hash>} does ({@code user_login|expiration|token|hmac}): the first group
     * of {@code value} in the cookie's (percent-decoded) value must equal the user's {@code field}.
     *
     * @param name cookie name, {@code *} for any run of characters
     */
    record SessionCookie(String name, Pattern value, Field field) implements IdentityConfirmation {}

    /** Which of the legacy user's columns a session cookie names. */
    enum Field {
        ID,
        USERNAME,
        EMAIL
    }
}
