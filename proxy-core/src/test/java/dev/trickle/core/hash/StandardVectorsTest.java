package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standards' own vectors, fed through the digest layouts Trickle parses. */
final class StandardVectorsTest {
    private static PasswordHashes hashes;

    @BeforeAll
    static void start() {
        HashSettings d = HashSettings.defaults();
        // RFC 7914's second vector uses p = 16.
        hashes =
                new PasswordHashes(
                        new HashSettings(
                                d.maxBcryptCost(),
                                d.maxPbkdf2Iterations(),
                                d.maxDigestRounds(),
                                d.maxScryptN(),
                                d.maxScryptR(),
                                16,
                                d.maxArgon2MemoryKib(),
                                d.maxArgon2Iterations(),
                                d.maxArgon2Parallelism(),
                                d.maxCheckMemoryBytes(),
                                d.memoryBudgetBytes(),
                                1,
                                8));
    }

    @AfterAll
    static void stop() {
        hashes.close();
    }

    @ParameterizedTest(name = "RFC 6070 c={1}")
    @CsvSource({
        "password, 1, salt, 0c60c80f961f0e71f3a9b524af6012062fe037a6",
        "password, 2, salt, ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
        "password, 4096, salt, 4b007901b765489abead49d926f721d065a429c1",
        "passwordPASSWORDpassword, 4096, saltSALTsaltSALTsaltSALTsaltSALTsalt,"
                + " 3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
    })
    void pbkdf2Sha1MatchesRfc6070InWerkzeugLayout(
            String password, int iterations, String salt, String hex) {
        String digest = "pbkdf2:sha1:" + iterations + "$" + salt + "$" + hex;

        assertThat(hashes.verifyNow(StoredDigest.of(digest), password).matched()).isTrue();
        assertThat(hashes.verifyNow(StoredDigest.of(digest), password + "!").matched()).isFalse();
    }

    @Test
    void pbkdf2Sha1MatchesRfc6070WithNulBytesInClerkLayout() {
        String salt =
                HexFormat.of()
                        .formatHex("sa\0lt".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String digest = "pbkdf2_sha1$4096$" + salt + "$56fa6aa75548099dcc37d7f03425e0c3$16";

        assertThat(hashes.verifyNow(StoredDigest.of(digest), "pass\0word"))
                .isEqualTo(new VerificationResult.Match(HashFormat.PBKDF2_SHA1));
    }

    @ParameterizedTest(name = "RFC 7914 N={2}")
    @CsvSource({
        "'', '', 16, 1, 1, 77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
        "password, NaCl, 1024, 8, 16, fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
        "pleaseletmein, SodiumChloride, 16384, 8, 1, 7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887",
    })
    void scryptMatchesRfc7914InWerkzeugLayout(
            String password, String salt, int n, int r, int p, String hex) {
        String digest = "scrypt:" + n + ":" + r + ":" + p + "$" + salt + "$" + hex;

        assertThat(hashes.verifyNow(StoredDigest.of(digest), password))
                .isEqualTo(new VerificationResult.Match(HashFormat.SCRYPT_WERKZEUG));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "argon2 reference test.c argon2i, '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA'",
        "argon2 reference test.c argon2id, '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'",
    })
    void argon2MatchesTheReferenceImplementationsVectors(String name, String digest) {
        assertThat(hashes.verifyNow(StoredDigest.of(digest), "password").matched()).isTrue();
        assertThat(hashes.verifyNow(StoredDigest.of(digest), "Password").matched()).isFalse();
    }

    /**
     * RFC 9106 section 5.3 uses a secret and associated data, which PHC strings cannot carry, so
     * this checks the Bouncy Castle generator the verifier builds on.
     */
    @Test
    void bouncyCastleArgon2idMatchesRfc9106() {
        byte[] password = new byte[32];
        Arrays.fill(password, (byte) 1);
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 2);
        byte[] secret = new byte[8];
        Arrays.fill(secret, (byte) 3);
        byte[] associated = new byte[12];
        Arrays.fill(associated, (byte) 4);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(
                new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(32)
                        .withIterations(3)
                        .withParallelism(4)
                        .withSalt(salt)
                        .withSecret(secret)
                        .withAdditional(associated)
                        .build());
        byte[] tag = new byte[32];
        generator.generateBytes(password, tag);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }
}
