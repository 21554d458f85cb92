package dev.trickle.core.legacy;

/** What the old system says about a login's credentials. */
public sealed interface LegacyVerification {

    /** The password is right: this is the user. */
    record Verified(LegacyIdentity identity) implements LegacyVerification {}

    /** No such user, or the wrong password: the legacy app will say no, nothing is migrated. */
    record Rejected(String reason) implements LegacyVerification {}

    /**
     * The legacy app accepted the login, but Trickle could not confirm that the user it found is
     * the one the app signed in (the typed password does not match their digest, the session says
     * someone else): a possible forgery, nothing is migrated.
     */
    record Unconfirmed(String reason) implements LegacyVerification {}

    /**
     * Trickle cannot tell (database down, a digest it cannot check): the login passes through
     * untouched and nothing is migrated this time.
     */
    record Unavailable(String reason) implements LegacyVerification {}
}
