package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Status an email address is created with: {@code VERIFIED} (Clerk's default) or {@code RESERVED}
 * (unverified, usable for sign-in, locked to this user).
 */
public enum IdentificationStatus {
    VERIFIED,
    RESERVED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
