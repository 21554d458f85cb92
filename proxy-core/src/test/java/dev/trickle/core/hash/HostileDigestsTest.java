package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Absurd costs are refused before any hashing (executing them would hang the test for hours), and
 * malformed digests are reported, never thrown.
 */
final class HostileDigestsTest {
    private static final String SALT_HASH_53 =
            "abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
    private static PasswordHashes hashes;

    @BeforeAll
    static void start() {
        hashes = new PasswordHashes(HashSettings.defaults());
    }

    @AfterAll
    static void stop() {
        hashes.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$2b$31$" + SALT_HASH_53,
                "bcrypt_sha256$$2b$20$" + SALT_HASH_53,
                "$wp$2y$31$" + SALT_HASH_53,
                "pbkdf2_sha256$999999999999999$salt$aGFzaA==",
                "pbkdf2:sha256:2000001$salt$00ff",
                "pbkdf2_sha512$2147483647$salt$00ff",
                "scrypt:1073741824:8:1$salt$00ff",
                "scrypt:16384:1024:1$salt$00ff",
                "scrypt:16384:8:64$salt$00ff",
                "scrypt:1048576:16:1$salt$00ff",
                "scrypt$1073741824$salt$8$1$AAAA",
                "$argon2id$v=19$m=4194304,t=3,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2i$v=19$m=65536,t=4000,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=65536,t=2,p=255$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$6$rounds=999999999$salt$"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "$P$Sabcdefgh0123456789012345678901",
                "sha512_symfony$100000000$salt$"
                        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
            })
    void refusesAbsurdCostsWithoutHashing(String digest) {
        VerificationResult result = hashes.verifyNow(StoredDigest.of(digest), "password");

        assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
        assertThat(((VerificationResult.Rejected) result).reason())
                .contains("exceeds the configured limit");
    }

    @Test
    void refusesAFirebaseMemoryCostAboveTwoToTheThirty() {
        StoredDigest stored =
                StoredDigest.of("AAAA")
                        .withFormat("scrypt_firebase")
                        .withSalt("AAAA")
                        .withParams(
                                Map.of(
                                        "signer_key", "AAAA",
                                        "salt_separator", "Bw==",
                                        "rounds", "8",
                                        "mem_cost", "40"));

        assertThat(hashes.verifyNow(stored, "password"))
                .isInstanceOf(VerificationResult.Rejected.class);
    }

    @Test
    void aFirebaseMemoryCostAboveTwoToTheThirtyIsNotImportableRatherThanThrown() {
        StoredDigest stored =
                StoredDigest.of("AAAA")
                        .withFormat("scrypt_firebase")
                        .withSalt("AAAA")
                        .withParams(
                                Map.of(
                                        "signer_key", "AAAA",
                                        "salt_separator", "Bw==",
                                        "rounds", "8",
                                        "mem_cost", "40"));

        assertThat(hashes.toClerk(stored))
                .isEqualTo(
                        new ClerkConversion.NotImportable(
                                "Firebase mem_cost 40 exceeds the configured limit 30"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$6$rounds=5000$saltsalt$"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "$1$saltsalt$aaaaaaaaaaaaaaaaaaaaaa",
                "$P$Babcdefgh0123456789012345678901",
                "pbkdf2_sha256$1000$salt$aGFzaA==",
            })
    void refusesPasswordsLongerThanFourKibibytesBeforeHashing(String digest) {
        List<String> computed = new ArrayList<>();
        try (PasswordHashes watched =
                new PasswordHashes(HashSettings.defaults(), (name, value) -> computed.add(name))) {
            // 2049 two-byte characters: the limit is in UTF-8 bytes, not characters.
            VerificationResult tooLong =
                    watched.verifyNow(StoredDigest.of(digest), "é".repeat(2049));

            assertThat(tooLong).isInstanceOf(VerificationResult.Rejected.class);
            assertThat(((VerificationResult.Rejected) tooLong).reason())
                    .endsWith(": password longer than 4096 bytes, not hashed");
            assertThat(computed).isEmpty();

            assertThat(watched.verifyNow(StoredDigest.of(digest), "x".repeat(4096)))
                    .isInstanceOf(VerificationResult.Mismatch.class);
            assertThat(computed).isNotEmpty();
        }
    }

    /** Found by fuzzing: each round rehashes the password, so its length multiplies the rounds. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "$6$rounds=5000$saltsalt$"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "$P$Babcdefgh0123456789012345678901",
                "sha512_symfony$5000$salt$"
                        + "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ==",
            })
    void aLongPasswordCannotMultiplyThePermittedRoundsOfAnIteratedDigest(String digest) {
        HashSettings d = HashSettings.defaults();
        HashSettings tenThousandRounds =
                new HashSettings(
                        d.maxBcryptCost(),
                        d.maxPbkdf2Iterations(),
                        10_000,
                        d.maxScryptN(),
                        d.maxScryptR(),
                        d.maxScryptP(),
                        d.maxArgon2MemoryKib(),
                        d.maxArgon2Iterations(),
                        d.maxArgon2Parallelism(),
                        d.maxCheckMemoryBytes(),
                        d.memoryBudgetBytes(),
                        1,
                        d.queueCapacity());
        List<String> computed = new ArrayList<>();
        try (PasswordHashes watched =
                new PasswordHashes(tenThousandRounds, (name, value) -> computed.add(name))) {
            VerificationResult long4k =
                    watched.verifyNow(StoredDigest.of(digest), "x".repeat(4000));

            assertThat(long4k).isInstanceOf(VerificationResult.Rejected.class);
            assertThat(((VerificationResult.Rejected) long4k).reason())
                    .contains("× password blocks")
                    .contains("exceeds the configured limit 10000");
            assertThat(computed).isEmpty();

            assertThat(watched.verifyNow(StoredDigest.of(digest), "correct horse"))
                    .isInstanceOf(VerificationResult.Mismatch.class);
            assertThat(computed).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "$2b$10$tooShort",
                "$2b$10$" + SALT_HASH_53 + "extra",
                "$2x$10$" + SALT_HASH_53,
                "$2b$03$" + SALT_HASH_53,
                "$wp$2y$10$tooShort",
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ",
                "$argon2id$v=19$m=65536,t=2$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=42$m=65536,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=8,t=2,p=4$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
                "pbkdf2_sha256$1000$salt",
                "pbkdf2_sha256$-5$salt$aGFzaA==",
                "pbkdf2_sha256$many$salt$aGFzaA==",
                "pbkdf2_sha256$1000$salt$",
                "pbkdf2:sha256$salt$00ff",
                "pbkdf2:md5:1000$salt$00ff",
                "scrypt:1000:8:1$salt$00ff",
                "scrypt:16384:8:1$salt$not-hex",
                "$1$salt$short",
                "$apr1$saltsaltsalt$aaaaaaaaaaaaaaaaaaaaaa",
                "$5$salt$tooShort",
                "$P$Babcdefgh",
                "$P$~abcdefgh0123456789012345678901",
                "{SSHA}AAAA",
                "{SHA}not base64!",
                "5f4dcc3b5aa765d61d8327deb882cf9",
                "zz4dcc3b5aa765d61d8327deb882cf99",
                "awscognito#pool#client#user",
                "hmac_sha256_utf16_b64$hash$key",
            })
    void reportsMalformedOrUncheckableDigestsAsUnsupported(String digest) {
        assertThat(hashes.verifyNow(StoredDigest.of(digest), "password"))
                .isInstanceOf(VerificationResult.Unsupported.class);
    }

    @Test
    void reportsAnUnknownOverrideName() {
        assertThat(hashes.verifyNow(StoredDigest.of("abc").withFormat("rot13"), "password"))
                .isEqualTo(
                        new VerificationResult.Unsupported(
                                "unknown format or hasher name 'rot13'"));
    }

    @Test
    void saysWhySaltedDigestsWithoutSaltCannotBeChecked() {
        VerificationResult result =
                hashes.verifyNow(
                        StoredDigest.of("5f4dcc3b5aa765d61d8327deb882cf99")
                                .withFormat("md5_salted"),
                        "password");

        assertThat(result)
                .isEqualTo(
                        new VerificationResult.Unsupported(
                                "md5_salted: salted format needs salt$hash or a separate salt"));
    }

    @Test
    void neverEchoesTheDigestInReasons() {
        String digest = "pbkdf2_sha256$1000$SECRETSALT$SECRETHASH!";

        VerificationResult result = hashes.verifyNow(StoredDigest.of(digest), "password");
        ClerkConversion conversion = hashes.toClerk(StoredDigest.of(digest));

        assertThat(result.toString()).doesNotContain("SECRET");
        assertThat(conversion.toString()).doesNotContain("SECRET");
    }
}
