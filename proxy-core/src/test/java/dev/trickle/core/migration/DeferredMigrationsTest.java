package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class DeferredMigrationsTest {
    private final DeferredMigrations deferred = new DeferredMigrations(2);

    private static DeferredMigration job(String legacyId) {
        return new DeferredMigration(
                LegacyIdentity.of(legacyId),
                "user" + legacyId,
                new PasswordPlan.None(),
                MigrationSource.LOGIN,
                "r",
                Instant.EPOCH);
    }

    @Test
    void aUserWhosePasswordChangedInFlightKeepsNoJobFromTheOlderFlight() {
        deferred.put(job("1"));

        deferred.refuse("1");
        deferred.put(job("1"));

        assertThat(deferred.contains("1")).isFalse();
        assertThat(deferred.size()).isZero();
    }

    @Test
    void aMigrationWithTheCurrentPasswordMayKeepAJobAgain() {
        deferred.refuse("1");

        deferred.accept("1");
        deferred.put(job("1"));

        assertThat(deferred.contains("1")).isTrue();
    }

    @Test
    void pastItsCapacityNewUsersAreNotKept() {
        assertThat(deferred.put(job("1"))).isTrue();
        assertThat(deferred.put(job("2"))).isTrue();

        assertThat(deferred.put(job("3"))).isFalse();
        assertThat(deferred.put(job("2"))).as("replacing a user's job").isTrue();
    }
}
