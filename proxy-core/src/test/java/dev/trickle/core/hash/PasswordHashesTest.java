package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.ConfigProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class PasswordHashesTest {
    private static final String BCRYPT_PASSWORD =
            "$2b$04$sOAPw8YOGRUcYymqVIRenujXHyFtr81BSN7kURDd30qSFReHOgnKq";

    private static HashSettings settings(int threads, int queue) {
        return HashSettings.defaults().withPool(threads, queue);
    }

    @Test
    void verifiesOnAWorkerThreadAndCompletesTheFuture() throws Exception {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 4))) {
            String digest = hashes.bcryptHash("s3cret", 4).get(10, TimeUnit.SECONDS);

            assertThat(hashes.verify(StoredDigest.of(digest), "s3cret").get(10, TimeUnit.SECONDS))
                    .isEqualTo(new VerificationResult.Match(HashFormat.BCRYPT));
            assertThat(hashes.verify(StoredDigest.of(digest), "S3cret").get(10, TimeUnit.SECONDS))
                    .isEqualTo(new VerificationResult.Mismatch(HashFormat.BCRYPT));
        }
    }

    @Test
    void bcryptHashWritesA2bDigestThatClerkImportsAsIs() throws Exception {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 4))) {
            String digest = hashes.bcryptHash("pässwörd").get(10, TimeUnit.SECONDS);

            assertThat(digest).startsWith("$2b$10$").hasSize(60);
            assertThat(hashes.toClerk(StoredDigest.of(digest)))
                    .isEqualTo(new ClerkConversion.ClerkDigest("bcrypt", digest));
        }
    }

    @Test
    void rejectsVerificationsOnceTheQueueIsFull() throws Exception {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 1))) {
            // Cost 13 keeps the single worker busy for far longer than three submissions take.
            String slow = new BcryptVerifier(13, WorkObserver.NONE).hash("pw", 13);
            List<CompletableFuture<VerificationResult>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(hashes.verify(StoredDigest.of(slow), "pw"));
            }

            assertThat(futures.get(2).getNow(null))
                    .isEqualTo(
                            new VerificationResult.Rejected("password verification queue is full"));
        }
    }

    @Test
    void anOverrideByClerkHasherNameResolvesTheFormat() {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 1))) {
            StoredDigest md5 = StoredDigest.of("5f4dcc3b5aa765d61d8327deb882cf99");

            assertThat(hashes.identify(md5.digest()))
                    .isEqualTo(new Identification.Identified(HashFormat.MD5, true));
            assertThat(hashes.resolve(md5.withFormat("md5_phpass"))).isEqualTo(HashFormat.PHPASS);
            assertThat(hashes.resolve(md5.withFormat("SHA256"))).isEqualTo(HashFormat.SHA256);
        }
    }

    @Test
    void acceptsAllThreeBcryptPrefixesFromOtherTools() {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 1))) {
            String body = BCRYPT_PASSWORD.substring(3);
            for (String prefix : new String[] {"$2a", "$2b", "$2y"}) {
                assertThat(hashes.verifyNow(StoredDigest.of(prefix + body), "password").matched())
                        .as(prefix)
                        .isTrue();
            }
        }
    }

    @Test
    void convertsDjangoPbkdf2Sha1ToClerksHexLayoutWithItsKeyLength() {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 1))) {
            ClerkConversion conversion =
                    hashes.toClerk(
                            StoredDigest.of("pbkdf2_sha1$1000$ab$AAAAAAAAAAAAAAAAAAAAAAAAAAA="));

            assertThat(conversion)
                    .isEqualTo(
                            new ClerkConversion.ClerkDigest(
                                    "pbkdf2_sha1",
                                    "pbkdf2_sha1$1000$6162$0000000000000000000000000000000000000000$20"));
        }
    }

    @Test
    void saysWhyCryptDigestsCannotBeImported() {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 1))) {
            assertThat(hashes.toClerk(StoredDigest.of("$1$FvvlgoIi$ahOncq4cfi58vEv0d6mjr0")))
                    .isEqualTo(new ClerkConversion.NotImportable("Clerk has no MD5-crypt hasher"));
        }
    }

    @Test
    void passesCognitoReferencesToClerkWithoutVerifyingThem() {
        try (PasswordHashes hashes = new PasswordHashes(settings(1, 1))) {
            StoredDigest cognito =
                    StoredDigest.of("awscognito#eu-west-1_abc#client123#user@example.com");

            assertThat(hashes.toClerk(cognito))
                    .isEqualTo(new ClerkConversion.ClerkDigest("awscognito", cognito.digest()));
            assertThat(hashes.verifyNow(cognito, "pw"))
                    .isInstanceOf(VerificationResult.Unsupported.class);
        }
    }

    @Test
    void storedDigestAndClerkDigestHideTheirValues() {
        StoredDigest stored = StoredDigest.of("$2b$04$secretsecret").withSalt("pepper-salt");

        assertThat(stored.toString()).doesNotContain("secret").doesNotContain("pepper");
        assertThat(new ClerkConversion.ClerkDigest("bcrypt", "$2b$secret").toString())
                .doesNotContain("secret");
    }

    @Test
    void settingsValidationNamesEachBadLimit() {
        ConfigProblems problems = new ConfigProblems();

        new HashSettings(40, 0, 1, 1 << 17, 8, 1, 1024, 3, 1, 256L << 20, 64L << 20, 0, 10)
                .validate(problems, "hashes");

        assertThat(problems.asList())
                .extracting(Object::toString)
                .containsExactly(
                        "hashes.maxBcryptCost: 40 (expected: an integer from 4 to 31)",
                        "hashes.maxPbkdf2Iterations: 0 (expected: an integer from 1 to 2147483647)",
                        "hashes.workerThreads: 0 (expected: an integer from 1 to 256)");
    }
}
