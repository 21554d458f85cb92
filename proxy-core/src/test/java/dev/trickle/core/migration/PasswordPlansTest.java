package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.hash.VerificationResult;
import dev.trickle.core.legacy.LegacyIdentity;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class PasswordPlansTest {
    /** Django 3.2's make_password("password"). */
    private static final String DJANGO =
            "pbkdf2_sha256$260000$iwmIDjYYEfM9GNP5UVPzpS$N/MMb5yGQ1B7VHyCwHZE53dgRDJ9Ckn5RlGxVJoH1dY=";

    private final PasswordHashes hashes = new PasswordHashes(HashSettings.defaults());

    @AfterEach
    void close() {
        hashes.close();
    }

    @Test
    void aDeferredPlaintextBecomesABcryptDigestOfTheSamePassword() throws Exception {
        PasswordPlans plans = new PasswordPlans(MigrationPolicy.PasswordMode.PLAINTEXT, hashes);
        PasswordPlan typed = plans.choose(LegacyIdentity.of("1"), Optional.of("s3cret-typed"));
        assertThat(typed).isInstanceOf(PasswordPlan.Plaintext.class);

        PasswordPlan kept =
                plans.durable(typed, Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS).orElseThrow();

        assertThat(kept).isInstanceOf(PasswordPlan.Digest.class);
        PasswordPlan.Digest digest = (PasswordPlan.Digest) kept;
        assertThat(digest.hasher()).isEqualTo(ClerkPasswordHasher.BCRYPT);
        assertThat(digest.digest()).startsWith("$2b$10$").doesNotContain("s3cret-typed");
        assertThat(
                        hashes.verify(StoredDigest.of(digest.digest()), "s3cret-typed")
                                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(VerificationResult.Match.class);
        assertThat(kept.toString()).doesNotContain(digest.digest());
        assertThat(typed.toString()).doesNotContain("s3cret-typed");
    }

    @Test
    void withoutALoginOnlyAnImportableLegacyDigestServes() {
        PasswordPlans plans = new PasswordPlans(MigrationPolicy.PasswordMode.PLAINTEXT, hashes);
        LegacyIdentity withDigest =
                new LegacyIdentity(
                        "2",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(DJANGO),
                        Optional.empty());

        assertThat(plans.withoutLogin(withDigest))
                .hasValueSatisfying(
                        plan ->
                                assertThat(((PasswordPlan.Digest) plan).hasher())
                                        .isEqualTo(ClerkPasswordHasher.PBKDF2_SHA256_DJANGO));
        assertThat(plans.withoutLogin(LegacyIdentity.of("3"))).isEmpty();
        assertThat(
                        new PasswordPlans(MigrationPolicy.PasswordMode.NONE, hashes)
                                .withoutLogin(LegacyIdentity.of("3")))
                .containsInstanceOf(PasswordPlan.None.class);
    }

    @Test
    void digestModePrefersTheLegacyDigestAndFallsBackToTheTypedPassword() {
        PasswordPlans plans = new PasswordPlans(MigrationPolicy.PasswordMode.DIGEST, hashes);

        assertThat(plans.choose(LegacyIdentity.of("4"), Optional.of("typed")))
                .isInstanceOf(PasswordPlan.Plaintext.class);
        assertThat(plans.choose(LegacyIdentity.of("4"), Optional.empty()))
                .isInstanceOf(PasswordPlan.None.class);
    }
}
