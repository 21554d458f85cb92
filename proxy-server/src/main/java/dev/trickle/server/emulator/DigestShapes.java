package dev.trickle.server.emulator;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The structure Clerk's docs give for each {@code password_hasher}'s digest; a digest that does not
 * fit is refused as Clerk refuses it ({@code form_password_digest_invalid_code}). Structure only:
 * the emulator cannot know a digest is right until someone signs in with it.
 */
final class DigestShapes {
    private static final String B64 = "[A-Za-z0-9+/=._-]+";
    private static final String HEX = "[0-9a-fA-F]+";
    private static final String BCRYPT = "\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}";

    private static final Map<String, Pattern> SHAPES =
            Map.ofEntries(
                    Map.entry("bcrypt", Pattern.compile(BCRYPT)),
                    Map.entry("bcrypt_peppered", Pattern.compile(BCRYPT + "\\$.+")),
                    Map.entry("bcrypt_sha256_django", Pattern.compile("bcrypt_sha256\\$" + BCRYPT)),
                    Map.entry(
                            "argon2i",
                            Pattern.compile(
                                    "\\$argon2i\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$"
                                            + B64
                                            + "\\$"
                                            + B64)),
                    Map.entry(
                            "argon2id",
                            Pattern.compile(
                                    "\\$argon2id\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$"
                                            + B64
                                            + "\\$"
                                            + B64)),
                    Map.entry(
                            "pbkdf2_sha256",
                            Pattern.compile("pbkdf2_sha256\\$\\d+\\$" + B64 + "\\$" + B64)),
                    Map.entry(
                            "pbkdf2_sha256_django",
                            Pattern.compile("pbkdf2_sha256\\$\\d+\\$[^$]+\\$" + B64)),
                    Map.entry(
                            "pbkdf2_sha1",
                            Pattern.compile("pbkdf2_sha1\\$\\d+\\$[^$]+\\$" + HEX + "(\\$\\d+)?")),
                    Map.entry(
                            "pbkdf2_sha512",
                            Pattern.compile("pbkdf2_sha512\\$\\d+\\$[^$]+\\$" + HEX)),
                    Map.entry(
                            "pbkdf2_sha512_hex",
                            Pattern.compile("pbkdf2_sha512_hex\\$\\d+\\$" + HEX + "\\$" + HEX)),
                    Map.entry(
                            "scrypt_firebase",
                            Pattern.compile(
                                    B64
                                            + "\\$"
                                            + B64
                                            + "\\$"
                                            + B64
                                            + "\\$"
                                            + B64
                                            + "\\$\\d+\\$\\d+")),
                    Map.entry(
                            "scrypt_werkzeug",
                            Pattern.compile("(\\$)?scrypt:\\d+:\\d+:\\d+\\$[^$]+\\$" + B64)),
                    Map.entry("md5", Pattern.compile("[0-9a-fA-F]{32}")),
                    Map.entry("md5_salted", Pattern.compile("[^$]+\\$[0-9a-fA-F]{32}")),
                    Map.entry("sha256", Pattern.compile("[0-9a-fA-F]{64}")),
                    Map.entry("sha256_salted", Pattern.compile("[^$]+\\$[0-9a-fA-F]{64}")),
                    Map.entry(
                            "sha512_symfony",
                            Pattern.compile("sha512_symfony\\$\\d+\\$[^$]*\\$" + B64)),
                    Map.entry("phpass", Pattern.compile("\\$[PH]\\$[./0-9A-Za-z]{31}")),
                    Map.entry("md5_phpass", Pattern.compile("\\$[PH]\\$[./0-9A-Za-z]{31}")),
                    Map.entry("ldap_ssha", Pattern.compile("\\{SSHA}" + B64)),
                    Map.entry(
                            "hmac_sha256_utf16_b64",
                            Pattern.compile("hmac_sha256_utf16_b64\\$" + B64 + "\\$.+")),
                    Map.entry("awscognito", Pattern.compile("awscognito#[^#]+#[^#]+#.+")));

    private DigestShapes() {}

    /** Empty when the hasher is one Clerk knows; else why not. */
    static Optional<String> unknownHasher(String hasher) {
        return SHAPES.containsKey(hasher)
                ? Optional.empty()
                : Optional.of("password_hasher is not a supported hasher");
    }

    static boolean fits(String hasher, String digest) {
        Pattern shape = SHAPES.get(hasher);
        return shape != null && shape.matcher(digest).matches();
    }
}
