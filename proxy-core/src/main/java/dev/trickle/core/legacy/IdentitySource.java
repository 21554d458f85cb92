package dev.trickle.core.legacy;

import java.net.URI;

/** Where the {@code upstream} strategy learns who just logged in successfully. */
public sealed interface IdentitySource {

    /** The login response's JSON body carries the user. */
    record ResponseJson(JsonIdentityPointers pointers) implements IdentitySource {}

    /** Look the identifier up in the legacy database (read only). */
    record Directory(LegacyUserDirectory directory) implements IdentitySource {}

    /**
     * Ask the legacy app who is logged in: GET {@code url} with the session cookie the login just
     * set, and read the user from its JSON answer.
     */
    record CurrentUserUrl(URI url, JsonIdentityPointers pointers) implements IdentitySource {}
}
