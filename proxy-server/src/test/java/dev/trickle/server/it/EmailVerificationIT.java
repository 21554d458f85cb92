package dev.trickle.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.migration.MigrationOutcome;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for linking and creating by email: an address counts as its owner's only where
 * someone verified it. Linking a legacy user to the Clerk user holding its address requires both
 * sides verified (else whoever holds the unverified side takes over the other's account), and an
 * address whose verification the legacy source does not state is created reserved, not verified,
 * unless the operator declares the legacy app verified every address.
 */
final class EmailVerificationIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .maxUsers(1000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    private static final Optional<Boolean> VERIFIED = Optional.of(true);
    private static final Optional<Boolean> UNVERIFIED = Optional.of(false);
    private static final Optional<Boolean> UNKNOWN = Optional.empty();

    @TempDir Path dir;
    private MigrationFixture fixture;

    @BeforeEach
    void start() {
        fixture = new MigrationFixture(clerk, dir, 4, 64);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private MigrationService linking(boolean legacyEmailsVerified) {
        return fixture.service(
                MigrationFixture.policy(
                        MigrationPolicy.PasswordMode.NONE,
                        MigrationPolicy.ConflictPolicy.LINK,
                        legacyEmailsVerified));
    }

    private static MigrationOutcome migrate(MigrationService service, LegacyIdentity identity)
            throws Exception {
        return service.migrate(
                        identity,
                        identity.email().orElseThrow(),
                        Optional.empty(),
                        MigrationSource.LOGIN,
                        "test-request")
                .get(10, TimeUnit.SECONDS);
    }

    /** A user who signed up in Clerk directly: its address verified there. */
    private String clerkNativeUser(String email) throws Exception {
        return MigrationFixture.clerkId(
                fixture.post(
                        "/users",
                        "{\"email_address\":[\""
                                + email
                                + "\"],\"skip_password_requirement\":true}"));
    }

    private LedgerRecord row(String legacyId) {
        return fixture.ledger.rows().find(legacyId).orElseThrow();
    }

    @Test
    void aLegacyRowWithTheAddressUnverifiedIsNotLinkedToTheClerkUserWhoVerifiedIt()
            throws Exception {
        String victim = clerkNativeUser("victim@example.com");

        MigrationOutcome outcome =
                migrate(
                        linking(false),
                        MigrationFixture.person("attacker-1", "victim@example.com", UNVERIFIED));

        assertThat(outcome).isEqualTo(MigrationOutcome.CONFLICT);
        assertThat(row("attacker-1").state()).isEqualTo(MigrationState.CONFLICT);
        assertThat(row("attacker-1").lastErrorCode()).hasValue("email_unverified_in_legacy");
        assertThat(fixture.get("/users/" + victim)).contains("\"external_id\":null");
        assertThat(fixture.ledger.reports().problemsByReason().get(MigrationState.CONFLICT))
                .containsEntry("email_unverified_in_legacy", 1L);
    }

    @Test
    void anAddressTheLegacySourceSaysNothingAboutIsLinkedOnlyIfTheOperatorDeclaresItVerified()
            throws Exception {
        clerkNativeUser("quiet@example.com");
        clerkNativeUser("declared@example.com");

        assertThat(
                        migrate(
                                linking(false),
                                MigrationFixture.person("1", "quiet@example.com", UNKNOWN)))
                .isEqualTo(MigrationOutcome.CONFLICT);
        assertThat(row("1").lastErrorCode()).hasValue("email_unverified_in_legacy");
        assertThat(
                        migrate(
                                linking(true),
                                MigrationFixture.person("2", "declared@example.com", UNKNOWN)))
                .isEqualTo(MigrationOutcome.LINKED);
        assertThat(fixture.get("/users?external_id=2")).contains("declared@example.com");
    }

    @Test
    void aClerkUserHoldingTheAddressReservedOrUnverifiedIsNotLinked() throws Exception {
        fixture.post(
                "/users",
                "{\"email_address\":[\"held@example.com\"],"
                        + "\"email_address_identification_status\":[\"reserved\"],"
                        + "\"skip_password_requirement\":true}");
        String other = clerkNativeUser("someone@example.com");
        fixture.post(
                "/email_addresses",
                "{\"user_id\":\""
                        + other
                        + "\",\"email_address\":\"added@example.com\",\"verified\":false}");

        MigrationService service = linking(true);
        assertThat(migrate(service, MigrationFixture.person("3", "held@example.com", VERIFIED)))
                .isEqualTo(MigrationOutcome.CONFLICT);
        assertThat(migrate(service, MigrationFixture.person("4", "added@example.com", VERIFIED)))
                .isEqualTo(MigrationOutcome.CONFLICT);

        assertThat(row("3").lastErrorCode()).hasValue("email_unverified_in_clerk");
        assertThat(row("4").lastErrorCode()).hasValue("email_unverified_in_clerk");
        assertThat(fixture.get("/users?external_id=3")).isEqualTo("[]");
        assertThat(fixture.get("/users?external_id=4")).isEqualTo("[]");
    }

    @Test
    void anAddressVerifiedOnBothSidesIsStillLinked() throws Exception {
        String holder = clerkNativeUser("both@example.com");

        assertThat(
                        migrate(
                                linking(false),
                                MigrationFixture.person("5", "both@example.com", VERIFIED)))
                .isEqualTo(MigrationOutcome.LINKED);
        assertThat(row("5").state()).isEqualTo(MigrationState.LINKED);
        assertThat(fixture.get("/users/" + holder)).contains("\"external_id\":\"5\"");
    }

    @Test
    void aNewUserWhoseVerificationIsUnknownIsCreatedReservedUnlessDeclaredVerified()
            throws Exception {
        assertThat(
                        migrate(
                                linking(false),
                                MigrationFixture.person("6", "six@example.com", UNKNOWN)))
                .isEqualTo(MigrationOutcome.CREATED);
        assertThat(
                        migrate(
                                linking(true),
                                MigrationFixture.person("7", "seven@example.com", UNKNOWN)))
                .isEqualTo(MigrationOutcome.CREATED);
        assertThat(
                        migrate(
                                linking(true),
                                MigrationFixture.person("8", "eight@example.com", UNVERIFIED)))
                .as("the source's own flag wins over the declaration")
                .isEqualTo(MigrationOutcome.CREATED);

        assertThat(fixture.get("/users?external_id=6"))
                .contains("\"reserved\":true", "\"status\":\"unverified\"")
                .doesNotContain("\"status\":\"verified\"");
        assertThat(fixture.get("/users?external_id=7"))
                .contains("\"reserved\":false", "\"status\":\"verified\"");
        assertThat(fixture.get("/users?external_id=8")).contains("\"reserved\":true");
    }

    @Test
    void shadowModeJudgesALinkByTheSameRule() throws Exception {
        clerkNativeUser("shadow@example.com");
        MigrationService shadow =
                fixture.service(
                        MigrationFixture.policy(
                                MigrationPolicy.PasswordMode.NONE,
                                MigrationPolicy.ConflictPolicy.LINK,
                                false),
                        MigrationMode.SHADOW);

        assertThat(migrate(shadow, MigrationFixture.person("9", "shadow@example.com", UNVERIFIED)))
                .isEqualTo(MigrationOutcome.WOULD_CONFLICT);
        assertThat(migrate(shadow, MigrationFixture.person("10", "shadow@example.com", VERIFIED)))
                .isEqualTo(MigrationOutcome.WOULD_LINK);
    }
}
