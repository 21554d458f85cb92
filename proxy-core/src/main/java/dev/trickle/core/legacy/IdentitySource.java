package dev.trickle.core.legacy;

import java.net.URI;

/** Where the {@code upstream} strategy learns who just logged in successfully. */
public sealed interface IdentitySource {

    /** The login response's JSON body carries the user. */
    record ResponseJson(JsonIdentityPointers pointers) implements IdentitySource {}

    /**
     * Look the typed identifier up in the legacy database (read only), then confirm that the row
     * found is the user the app signed in.
     */
    record Directory(LegacyUserDirectory directory, IdentityConfirmation confirmation)
            implements IdentitySource {}

    /**
     * Ask the legacy app who is logged in: GET {@code url} with the session cookie the login just
     * set, and read the user from its JSON answer.
     */
    record CurrentUserUrl(URI url, JsonIdentityPointers pointers) implements IdentitySource {}
}
