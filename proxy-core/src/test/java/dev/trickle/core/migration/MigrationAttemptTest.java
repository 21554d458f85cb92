package dev.trickle.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkPasswordHasher;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which attempt arriving during an in-flight migration carries the newer password. */
final class MigrationAttemptTest {
    private static MigrationAttempt attempt(
            MigrationAttempt.Trigger trigger, PasswordPlan plan, MigrationSource source) {
        return new MigrationAttempt(
                LegacyIdentity.of("1"),
                "ada",
                plan,
                source,
                "r",
                trigger,
                new Deadline(0),
                Duration.ofSeconds(1));
    }

    private static MigrationAttempt login(String password) {
        return attempt(
                MigrationAttempt.Trigger.LOGIN,
                new PasswordPlan.Plaintext(password),
                MigrationSource.LOGIN);
    }

    private static MigrationAttempt change(String password) {
        return attempt(
                MigrationAttempt.Trigger.PASSWORD_CHANGE,
                new PasswordPlan.Plaintext(password),
                MigrationSource.LOGIN);
    }

    private static MigrationAttempt retry() {
        return attempt(
                MigrationAttempt.Trigger.RETRY,
                new PasswordPlan.Digest("$2b$10$x", ClerkPasswordHasher.BCRYPT),
                MigrationSource.LOGIN);
    }

    @Test
    void aPasswordChangeSupersedesAnyFlightWithAnotherPassword() {
        assertThat(change("new").supersedes(login("old"))).isTrue();
        assertThat(change("new").supersedes(retry())).isTrue();
        assertThat(change("newer").supersedes(change("new"))).isTrue();
        assertThat(change("same").supersedes(login("same"))).isFalse();
    }

    @Test
    void aLoginSupersedesAnOlderLoginOrRetryButNeverARunningPasswordChange() {
        assertThat(login("current").supersedes(retry())).isTrue();
        assertThat(login("current").supersedes(login("before"))).isTrue();
        assertThat(login("same").supersedes(login("same"))).isFalse();
        assertThat(login("old").supersedes(change("new"))).isFalse();
    }

    @Test
    void backgroundWorkAndPasswordlessAttemptsNeverSupersede() {
        assertThat(retry().supersedes(login("typed"))).isFalse();
        assertThat(
                        attempt(
                                        MigrationAttempt.Trigger.LOGIN,
                                        new PasswordPlan.Digest("$2b$", ClerkPasswordHasher.BCRYPT),
                                        MigrationSource.IMPORT)
                                .supersedes(login("typed")))
                .isFalse();
        assertThat(
                        attempt(
                                        MigrationAttempt.Trigger.LOGIN,
                                        new PasswordPlan.None(),
                                        MigrationSource.LOGIN)
                                .supersedes(login("typed")))
                .isFalse();
    }

    @Test
    void withoutPasswordKeepsNothingOfThePasswordAndNothingPrintsIt() {
        MigrationAttempt typed = change("s3cret-typed");

        assertThat(typed.withoutPassword().plan()).isInstanceOf(PasswordPlan.None.class);
        assertThat(typed.withoutPassword().trigger()).isEqualTo(typed.trigger());
        assertThat(typed.toString()).doesNotContain("s3cret-typed").doesNotContain("ada");
    }
}
