package dev.trickle.server.emulator;

import static dev.trickle.server.emulator.RequestFields.bool;
import static dev.trickle.server.emulator.RequestFields.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import org.mindrot.jbcrypt.BCrypt;

/**
 * What a create or update body sets as the password, checked as Clerk checks it: a plaintext one
 * (stored as bcrypt, after the length and breach checks unless skipped), a digest with its hasher,
 * or none; {@code error} is set instead when the fields are refused.
 */
record PasswordFields(String bcrypt, String digest, String hasher, EmulatorResponse error) {
    private static final int MIN_PASSWORD_LENGTH = 8;

    /** Passwords topping published breach lists; Clerk checks a far larger list. */
    private static final Set<String> PWNED =
            Set.of(
                    "password",
                    "12345678",
                    "123456789",
                    "1234567890",
                    "qwertyuiop",
                    "password1",
                    "iloveyou",
                    "11111111",
                    "00000000",
                    "abc12345",
                    "qwerty123",
                    "1q2w3e4r",
                    "password123",
                    "football",
                    "baseball",
                    "sunshine",
                    "princess",
                    "welcome1",
                    "letmein1",
                    "trustno1");

    /** The password fields of a create or update body, or Clerk's error for them. */
    static PasswordFields of(ObjectNode body) {
        String plain = text(body, "password");
        String digest = text(body, "password_digest");
        String hasher = text(body, "password_hasher");
        if (plain != null) {
            if (!bool(body, "skip_password_checks")) {
                if (plain.length() < MIN_PASSWORD_LENGTH) {
                    return PasswordFields.failed(
                            ClerkErrors.invalid(
                                    "form_password_length_too_short",
                                    "password",
                                    "Passwords must be "
                                            + MIN_PASSWORD_LENGTH
                                            + " characters or more."));
                }
                if (PWNED.contains(plain.toLowerCase(Locale.ROOT))) {
                    return PasswordFields.failed(
                            ClerkErrors.invalid(
                                    "form_password_pwned",
                                    "password",
                                    "Password has been found in an online data breach. For account safety, please use a different password."));
                }
            }
            return new PasswordFields(BCrypt.hashpw(plain, BCrypt.gensalt(4)), null, null, null);
        }
        if (digest != null || hasher != null) {
            if (hasher == null) {
                return failed(ClerkErrors.missing("password_hasher"));
            }
            if (digest == null) {
                return failed(ClerkErrors.missing("password_digest"));
            }
            if (DigestShapes.unknownHasher(hasher).isPresent()) {
                return PasswordFields.failed(
                        ClerkErrors.invalid(
                                "form_param_value_invalid",
                                "password_hasher",
                                "password_hasher is invalid"));
            }
            if (!DigestShapes.fits(hasher, digest)) {
                return PasswordFields.failed(
                        ClerkErrors.invalid(
                                "form_password_digest_invalid_code",
                                "password_digest",
                                "The provided password_digest is not valid for the provided password_hasher"));
            }
            return new PasswordFields(null, digest, hasher, null);
        }
        return new PasswordFields(null, null, null, null);
    }

    private static PasswordFields failed(EmulatorResponse error) {
        return new PasswordFields(null, null, null, error);
    }

    /** No password field was sent: the user's password stays as it is. */
    boolean none() {
        return bcrypt == null && digest == null;
    }
}
