package dev.trickle.core.migration;

import static dev.trickle.core.migration.MigrationHarness.await;
import static dev.trickle.core.migration.MigrationHarness.login;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.progress.MigrationCensus;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.core.rollout.RolloutControl;
import dev.trickle.core.testkit.InMemoryClerk;
import dev.trickle.core.testkit.LegacyIdentities;
import dev.trickle.core.testkit.MigrationPolicies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration end to end in memory: a real SQLite ledger, the in-memory Clerk, one hand-moved
 * clock. Two services on one ledger are two replicas.
 */
final class MigrationServiceTest {
    private static final LegacyIdentity ADA =
            LegacyIdentities.user("u1").email("ada@example.com").emailVerified(true).build();

    /**
     * A budget long enough that no real-time timer of the flights fires while a test runs; a new
     * builder each time, since builders are mutable.
     */
    private static MigrationPolicies policy() {
        return MigrationPolicies.defaults().loginBudget(Duration.ofSeconds(20));
    }

    @TempDir Path dir;
    private MigrationHarness harness;
    private InMemoryClerk clerk;

    @BeforeEach
    void open() {
        harness = new MigrationHarness(dir);
        clerk = harness.clerk;
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private MigrationService service() {
        return harness.service(policy().build(), MigrationMode.MIGRATE);
    }

    @Nested
    final class ExactlyOnce {
        @Test
        void concurrentLoginsOnTwoReplicasCreateTheUserOnce() {
            MigrationService a = service();
            MigrationService b =
                    harness.replica(
                            policy().build(), () -> Rollout.everyone(MigrationMode.MIGRATE), "b");
            InMemoryClerk.Hold hold = clerk.holdCreates();
            List<CompletableFuture<MigrationOutcome>> onA = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                onA.add(login(a, ADA, "pw"));
            }
            await(hold.arrived());
            List<MigrationOutcome> onB = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                onB.add(await(login(b, ADA, "pw")));
            }

            hold.release();

            assertThat(onA)
                    .allSatisfy(f -> assertThat(await(f)).isEqualTo(MigrationOutcome.CREATED));
            assertThat(onB)
                    .as("the other replica finds the ledger claim held")
                    .containsOnly(MigrationOutcome.IN_PROGRESS);
            assertThat(clerk.calls("createUser")).isEqualTo(1);
            assertThat(clerk.users()).hasSize(1);
            assertThat(harness.row("u1").state()).isEqualTo(MigrationState.MIGRATED);
            assertThat(await(login(b, ADA, "pw"))).isEqualTo(MigrationOutcome.ALREADY_PRESENT);
        }

        @Test
        void aRepeatLoginIsAnsweredFromMemoryWithoutClerk() {
            MigrationService service = service();
            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.CREATED);
            int calls = clerk.calls("listUsers");

            assertThat(await(login(service, ADA, "pw")))
                    .isEqualTo(MigrationOutcome.ALREADY_PRESENT);

            assertThat(clerk.calls("listUsers")).isEqualTo(calls);
            assertThat(service.isKnownMigrated("u1")).isTrue();
            assertThat(service.migratedUserFor("ada@example.com")).contains("u1");
        }

        @Test
        void aUserAlreadyInClerkByExternalIdIsRecordedNotCreated() {
            String id = clerk.add("u1", "ada@example.com", IdentificationStatus.VERIFIED).id();

            assertThat(await(login(service(), ADA, "pw")))
                    .isEqualTo(MigrationOutcome.ALREADY_PRESENT);

            assertThat(clerk.calls("createUser")).isZero();
            assertThat(harness.row("u1").clerkUserId()).contains(id);
            assertThat(harness.row("u1").state()).isEqualTo(MigrationState.MIGRATED);
        }

        @Test
        void theCreatedUserCarriesTheTypedPasswordAndTheLegacyProfile() {
            LegacyIdentity grace =
                    LegacyIdentities.user("u2")
                            .email("grace@example.com")
                            .username("grace")
                            .names("Grace", "Hopper")
                            .build();

            assertThat(await(login(service(), grace, "s3cret")))
                    .isEqualTo(MigrationOutcome.CREATED);

            InMemoryClerk.StoredUser stored = clerk.byExternalId("u2").orElseThrow();
            assertThat(stored.password()).contains("s3cret");
            assertThat(stored.user().username()).isEqualTo("grace");
            assertThat(stored.user().emailAddresses())
                    .singleElement()
                    .satisfies(
                            a ->
                                    assertThat(a.reserved())
                                            .as("unverified in legacy: reserved, not verified")
                                            .isTrue());
        }
    }

    @Nested
    final class Conflicts {
        @Test
        void theVerifiedHolderOfTheEmailIsLinked() {
            String id = clerk.add(null, "ada@example.com", IdentificationStatus.VERIFIED).id();

            assertThat(await(login(service(), ADA, "pw"))).isEqualTo(MigrationOutcome.LINKED);

            assertThat(clerk.byExternalId("u1").orElseThrow().user().id()).isEqualTo(id);
            assertThat(harness.row("u1").state()).isEqualTo(MigrationState.LINKED);
            assertThat(clerk.users()).hasSize(1);
        }

        @Test
        void aHolderWhoseAddressIsUnverifiedInClerkIsNotLinked() {
            clerk.add(null, "ada@example.com", IdentificationStatus.RESERVED);

            assertThat(await(login(service(), ADA, "pw"))).isEqualTo(MigrationOutcome.CONFLICT);

            assertThat(harness.row("u1").lastErrorCode()).contains(EmailTrust.UNVERIFIED_IN_CLERK);
            assertThat(clerk.byExternalId("u1")).isEmpty();
        }

        @Test
        void anAddressTheLegacySystemDoesNotVouchForIsNotLinked() {
            clerk.add(null, "ada@example.com", IdentificationStatus.VERIFIED);
            LegacyIdentity unverified =
                    LegacyIdentities.user("u1").email("ada@example.com").build();

            assertThat(await(login(service(), unverified, "pw")))
                    .isEqualTo(MigrationOutcome.CONFLICT);

            assertThat(harness.row("u1").lastErrorCode()).contains(EmailTrust.UNVERIFIED_IN_LEGACY);
        }

        @Test
        void underSkipEveryTakenIdentifierIsAConflict() {
            clerk.add(null, "ada@example.com", IdentificationStatus.VERIFIED);
            MigrationService service =
                    harness.service(
                            policy().conflict(MigrationPolicy.ConflictPolicy.SKIP).build(),
                            MigrationMode.MIGRATE);

            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.CONFLICT);

            assertThat(harness.row("u1").lastErrorCode()).contains("identifier_taken_policy_skip");
            assertThat(clerk.byExternalId("u1")).isEmpty();
        }
    }

    @Nested
    final class WhenClerkIsDown {
        @Test
        void theLoginGoesOnDeferredAndTheWorkerMigratesTheUserLater() {
            MigrationService service = service();
            clerk.fail(ClerkFailure.RETRYABLE);

            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.DEFERRED);

            assertThat(harness.row("u1").state()).isEqualTo(MigrationState.PENDING);
            assertThat(harness.row("u1").lastErrorCode()).contains("clerk_retryable");
            harness.eventually(() -> service.deferredCount() == 1);

            clerk.recover();
            harness.clock.advance(Duration.ofHours(2));
            try (DeferredMigrationWorker worker = worker(service)) {
                assertThat(worker.tick()).isEqualTo(1);
            }

            assertThat(harness.row("u1").state()).isEqualTo(MigrationState.MIGRATED);
            assertThat(service.deferredCount()).isZero();
            InMemoryClerk.StoredUser stored = clerk.byExternalId("u1").orElseThrow();
            assertThat(stored.password()).as("no plaintext is kept for a retry").isEmpty();
            assertThat(stored.passwordDigest())
                    .hasValueSatisfying(d -> assertThat(d).startsWith("$2"));
        }

        @Test
        void theWorkerRetriesNothingOutsideMigrateMode() {
            MigrationService service = service();
            clerk.fail(ClerkFailure.RETRYABLE);
            await(login(service, ADA, "pw"));
            harness.eventually(() -> service.deferredCount() == 1);
            clerk.recover();
            harness.clock.advance(Duration.ofHours(2));
            RolloutControl shadow =
                    new RolloutControl(
                            Rollout.everyone(MigrationMode.SHADOW),
                            harness.ledger.sharedSettings());

            try (DeferredMigrationWorker worker = worker(service, shadow)) {
                assertThat(worker.tick()).isZero();
            }
            assertThat(clerk.byExternalId("u1")).isEmpty();
        }

        private DeferredMigrationWorker worker(MigrationService service) {
            return worker(
                    service,
                    new RolloutControl(
                            Rollout.everyone(MigrationMode.MIGRATE),
                            harness.ledger.sharedSettings()));
        }

        private DeferredMigrationWorker worker(MigrationService service, RolloutControl rollout) {
            MigrationCensus census =
                    new MigrationCensus(
                            harness.ledger.reports(),
                            harness.ledger.counters(),
                            OptionalLong::empty,
                            new SimpleMeterRegistry(),
                            Duration.ofMinutes(1),
                            Duration.ofMinutes(1),
                            harness.clock);
            return new DeferredMigrationWorker(
                    service,
                    harness.ledger.rows(),
                    identifier -> Optional.empty(),
                    rollout,
                    census,
                    Duration.ofMinutes(1),
                    Duration.ofDays(1),
                    harness.clock);
        }
    }

    @Nested
    final class PasswordChanges {
        @Test
        void aMigratedUsersNewPasswordIsSetInClerk() {
            MigrationService service = service();
            await(login(service, ADA, "old"));

            assertThat(await(service.passwordChanged(ADA, "ada@example.com", "new", "req")))
                    .isEqualTo(MigrationOutcome.PASSWORD_UPDATED);

            assertThat(harness.clerkPassword("u1")).isEqualTo("new");
        }

        @Test
        void aChangeDuringTheUsersMigrationIsSetAfterTheCreate() {
            MigrationService service = service();
            InMemoryClerk.Hold hold = clerk.holdCreates();
            CompletableFuture<MigrationOutcome> first = login(service, ADA, "old");
            await(hold.arrived());

            CompletableFuture<MigrationOutcome> change =
                    service.passwordChanged(ADA, "ada@example.com", "new", "req");
            hold.release();

            assertThat(await(first)).isEqualTo(MigrationOutcome.CREATED);
            assertThat(await(change)).isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
            assertThat(harness.clerkPassword("u1")).isEqualTo("new");
            assertThat(clerk.users()).hasSize(1);
        }

        @Test
        void aChangeMeetingAnotherReplicasClaimIsSetByTheNextLogin() {
            MigrationService a = service();
            MigrationService b =
                    harness.replica(
                            policy().build(), () -> Rollout.everyone(MigrationMode.MIGRATE), "b");
            InMemoryClerk.Hold hold = clerk.holdCreates();
            CompletableFuture<MigrationOutcome> onA = login(a, ADA, "old");
            await(hold.arrived());

            assertThat(await(b.passwordChanged(ADA, "ada@example.com", "new", "req")))
                    .isEqualTo(MigrationOutcome.DEFERRED);
            hold.release();

            assertThat(await(onA)).isEqualTo(MigrationOutcome.CREATED);
            assertThat(harness.clerkPassword("u1")).isEqualTo("old");
            assertThat(harness.row("u1").lastErrorCode())
                    .as("the marker outlives the other replica's completion")
                    .contains(MigrationRows.PASSWORD_STALE);

            assertThat(await(login(a, ADA, "new")))
                    .as("replica a still trusts its cache")
                    .isEqualTo(MigrationOutcome.ALREADY_PRESENT);
            harness.clock.advance(KnownUsers.TRUST_LEDGER_AFTER);

            assertThat(await(login(a, ADA, "new"))).isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
            assertThat(harness.clerkPassword("u1")).isEqualTo("new");
            assertThat(harness.row("u1").lastErrorCode()).isEmpty();
        }

        @Test
        void aChangeClerkCannotTakeNowMarksThePasswordStale() {
            MigrationService service = service();
            await(login(service, ADA, "old"));
            clerk.fail(ClerkFailure.RETRYABLE);

            assertThat(await(service.passwordChanged(ADA, "ada@example.com", "new", "req")))
                    .isEqualTo(MigrationOutcome.DEFERRED);
            clerk.recover();

            assertThat(harness.row("u1").lastErrorCode()).contains(MigrationRows.PASSWORD_STALE);
            assertThat(await(login(service, ADA, "new")))
                    .isEqualTo(MigrationOutcome.PASSWORD_UPDATED);
            assertThat(harness.clerkPassword("u1")).isEqualTo("new");
        }
    }

    @Nested
    final class DeletedInClerk {
        @Test
        void underRespectTheUserIsTombstonedAndNeverCreatedAgain() {
            MigrationService service = service();
            await(login(service, ADA, "pw"));
            clerk.remove(clerk.byExternalId("u1").orElseThrow().user().id());

            assertThat(await(service.passwordChanged(ADA, "ada@example.com", "new", "req")))
                    .isEqualTo(MigrationOutcome.DELETED_IN_CLERK);

            assertThat(harness.row("u1").state()).isEqualTo(MigrationState.DELETED);
            assertThat(await(login(service, ADA, "new"))).isEqualTo(MigrationOutcome.NOT_SELECTED);
            assertThat(clerk.users()).isEmpty();
            assertThat(clerk.calls("createUser")).isEqualTo(1);
        }

        @Test
        void underRecreateTheUserIsCreatedAgainWithTheNewPassword() {
            MigrationService service =
                    harness.service(
                            policy().onDeleted(MigrationPolicy.DeletedUserPolicy.RECREATE).build(),
                            MigrationMode.MIGRATE);
            await(login(service, ADA, "pw"));
            String first = clerk.byExternalId("u1").orElseThrow().user().id();
            clerk.remove(first);

            assertThat(await(service.passwordChanged(ADA, "ada@example.com", "new", "req")))
                    .isEqualTo(MigrationOutcome.CREATED);

            InMemoryClerk.StoredUser again = clerk.byExternalId("u1").orElseThrow();
            assertThat(again.user().id()).isNotEqualTo(first);
            assertThat(again.password()).contains("new");
            assertThat(harness.row("u1").clerkUserId()).contains(again.user().id());
        }
    }

    @Nested
    final class ModesAndRollout {
        @Test
        void shadowModeAssessesOnceADayAndWritesNothing() {
            MigrationService service = harness.service(policy().build(), MigrationMode.SHADOW);

            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.WOULD_CREATE);
            int lookups = clerk.calls("listUsers");
            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.WOULD_CREATE);
            assertThat(clerk.calls("listUsers"))
                    .as("answered from the verdict cache")
                    .isEqualTo(lookups);

            assertThat(clerk.calls("createUser")).isZero();
            assertThat(clerk.calls("updateUser")).isZero();
            assertThat(harness.ledger.rows().find("u1")).isEmpty();

            harness.clock.advance(ShadowAssessments.REASSESS_AFTER);
            await(login(service, ADA, "pw"));
            assertThat(clerk.calls("listUsers")).isGreaterThan(lookups);
        }

        @Test
        void shadowModeSaysWhatWouldConflictOrLink() {
            clerk.add(null, "ada@example.com", IdentificationStatus.VERIFIED);
            clerk.add(null, "bob@example.com", IdentificationStatus.RESERVED);
            LegacyIdentity bob =
                    LegacyIdentities.user("u2")
                            .email("bob@example.com")
                            .emailVerified(true)
                            .build();
            MigrationService service = harness.service(policy().build(), MigrationMode.SHADOW);

            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.WOULD_LINK);
            assertThat(await(login(service, bob, "pw"))).isEqualTo(MigrationOutcome.WOULD_CONFLICT);
            assertThat(clerk.byExternalId("u1")).isEmpty();
        }

        @Test
        void passthroughTouchesNeitherClerkNorTheLedger() {
            MigrationService service = harness.service(policy().build(), MigrationMode.PASSTHROUGH);

            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.NOT_SELECTED);
            assertThat(await(service.passwordChanged(ADA, "ada@example.com", "new", "req")))
                    .isEqualTo(MigrationOutcome.NOT_SELECTED);

            assertThat(clerk.calls("listUsers")).isZero();
            assertThat(harness.ledger.rows().find("u1")).isEmpty();
        }

        @Test
        void aUserOutsideTheRolloutIsNotMigrated() {
            MigrationService service =
                    harness.replica(
                            policy().build(),
                            () -> new Rollout(MigrationMode.MIGRATE, 100, Set.of(), Set.of("u1")),
                            "a");

            assertThat(await(login(service, ADA, "pw"))).isEqualTo(MigrationOutcome.NOT_SELECTED);
            assertThat(clerk.users()).isEmpty();
            assertThat(harness.ledger.rows().find("u1")).isEmpty();
        }
    }
}
