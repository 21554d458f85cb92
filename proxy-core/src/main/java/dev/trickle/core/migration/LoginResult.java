package dev.trickle.core.migration;

import java.util.Locale;

/** What a login route learned about one login; the {@link #tag()} is a metric label. */
public enum LoginResult {
    /** The old system accepted the credentials (and the legacy app the login). */
    VERIFIED,
    /**
     * The password matched the legacy database, but the legacy app refused the login (a lockout, a
     * second factor, a CSRF check): nothing is migrated.
     */
    APP_REFUSED,
    /**
     * The legacy app accepted the login, but the user looked up by the typed identifier could not
     * be confirmed as the one it signed in: nothing is migrated.
     */
    UNCONFIRMED,
    /**
     * A credential field (or the Content-Type or Authorization header) came more than once:
     * answered 400, never forwarded.
     */
    AMBIGUOUS_CREDENTIALS,
    /**
     * The request target reads differently on different stacks (an encoded slash, a repeated query
     * condition) and one reading is the route: answered 400, never forwarded.
     */
    AMBIGUOUS_REQUEST,
    /** The old system refused them; the legacy app answers as it always does. */
    REJECTED,
    /** The old system could not be asked (its database down, an unreadable answer). */
    UNVERIFIED,
    /** The request carried no readable identifier and password. */
    NO_CREDENTIALS,
    /**
     * The identifier belongs to a user already in Clerk: forwarded at once, the legacy app judges
     * the password as always.
     */
    MIGRATED_USER;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
