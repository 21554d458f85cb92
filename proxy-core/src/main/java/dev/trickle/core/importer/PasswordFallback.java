package dev.trickle.core.importer;

/**
 * What happens to a user whose password cannot be imported (no digest, or one Clerk cannot take).
 */
public enum PasswordFallback {
    /**
     * Create the user without a password ({@code skip_password_requirement}); they set one by reset
     * or sign in another way. Right at the very end, when the proxy is being retired.
     */
    CREATE,
    /**
     * Leave the user to the login migration, which creates them with the password they type. Right
     * while the proxy still runs: creating them now would make the proxy treat them as migrated.
     */
    LEAVE
}
