package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.testkit.LegacyIdentities;
import dev.trickle.core.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class KnownUsersTest {
    private final ManualClock clock = new ManualClock();
    private final KnownUsers known = new KnownUsers(clock, MigrationCaches.MIN_SIZE);

    @Test
    void aRememberedUserIsKnownByLegacyIdAndByIdentifier() {
        known.remember("ada@example.com", "u1");
        assertThat(known.legacyIdFor("ada@example.com"))
                .as("an identifier alone is not a user in Clerk")
                .isEmpty();

        known.remember(attempt("u1", "ada@example.com"), "user_1");

        assertThat(known.clerkUserId("u1")).contains("user_1");
        assertThat(known.legacyIdFor("ada@example.com")).contains("u1");
    }

    @Test
    void aUserIsAskedOfTheLedgerAgainAfterFiveMinutes() {
        known.remember(attempt("u1", "ada@example.com"), "user_1");

        clock.advance(KnownUsers.TRUST_LEDGER_AFTER.minusSeconds(1));
        assertThat(known.clerkUserId("u1")).isPresent();

        clock.advance(Duration.ofSeconds(1));
        assertThat(known.clerkUserId("u1")).isEmpty();
        assertThat(known.legacyIdFor("ada@example.com"))
                .as("an identifier leads only to a user still known")
                .isEmpty();
    }

    @Test
    void aForgottenUserGoesThroughTheLedgerOnItsNextLogin() {
        known.remember(attempt("u1", "ada@example.com"), "user_1");

        known.forget("u1");

        assertThat(known.clerkUserId("u1")).isEmpty();
    }

    @Test
    void aBlankIdentifierIsNotRemembered() {
        known.remember(attempt("u1", " "), "user_1");

        assertThat(known.legacyIdFor(" ")).isEmpty();
    }

    @Test
    void hitsAndMissesAreMeteredUnderTheCacheTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        known.registerWith(new MigrationMetrics(registry));
        known.remember(attempt("u1", "ada@example.com"), "user_1");

        known.clerkUserId("u1");
        known.clerkUserId("u2");

        assertThat(
                        registry.get("cache.gets")
                                .tag("cache", MigrationMeters.CACHE_KNOWN_USERS)
                                .tag("result", "hit")
                                .functionCounter()
                                .count())
                .isEqualTo(1.0);
        assertThat(
                        registry.get("cache.gets")
                                .tag("cache", MigrationMeters.CACHE_KNOWN_USERS)
                                .tag("result", "miss")
                                .functionCounter()
                                .count())
                .isEqualTo(1.0);
    }

    private static MigrationAttempt attempt(String legacyId, String identifier) {
        return new MigrationAttempt(
                LegacyIdentities.user(legacyId).build(),
                identifier,
                new PasswordPlan.None(),
                MigrationSource.LOGIN,
                "req",
                MigrationAttempt.Trigger.LOGIN,
                new Deadline(Long.MAX_VALUE),
                Duration.ofSeconds(1));
    }
}
