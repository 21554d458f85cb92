package dev.trickle.core.migration;

import java.util.Locale;

/** What a login route learned about one login; the {@link #tag()} is a metric label. */
public enum LoginResult {
    /** The old system accepted the credentials. */
    VERIFIED,
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
