package dev.trickle.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.RetryPolicy;
import dev.trickle.core.config.Secret;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.migration.DeferredMigrationWorker;
import dev.trickle.core.migration.MigrationCaches;
import dev.trickle.core.migration.MigrationMetrics;
import dev.trickle.core.migration.MigrationOutcome;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.migration.RetrySchedule;
import dev.trickle.core.progress.MigrationCensus;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.ratelimit.RateLimit;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.core.rollout.RolloutControl;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Migration of verified users against the Clerk emulator and a real SQLite ledger. */
final class MigrationServiceIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder()
                            .maxUsers(10_000)
                            .rateLimit(100_000, Duration.ofSeconds(10)));

    /** Retries due within a test's patience; the schedule's doubling is unit-tested elsewhere. */
    private static final RetrySchedule FAST_RETRY =
            new RetrySchedule(Duration.ofMillis(100), Duration.ofMillis(200));

    /** Django 3.2's make_password("password"). */
    private static final String DJANGO_DIGEST_OF_PASSWORD =
            "pbkdf2_sha256$260000$iwmIDjYYEfM9GNP5UVPzpS$N/MMb5yGQ1B7VHyCwHZE53dgRDJ9Ckn5RlGxVJoH1dY=";

    @TempDir Path dir;
    private Ledger ledger;
    private PasswordHashes hashes;
    private BoundedPool blocking;
    private ClerkClient client;

    @BeforeEach
    void start() {
        ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db")),
                        Clock.systemUTC());
        hashes = new PasswordHashes(HashSettings.defaults());
        blocking =
                BoundedPool.start(
                        "migration", 8, 1024, Ticker.systemTicker(), new SimpleMeterRegistry());
        ClerkSettings defaults =
                ClerkSettings.of(clerk.baseUri().toString(), Secret.of(clerk.secretKey()));
        client =
                ClerkClient.builder(
                                new ClerkSettings(
                                        defaults.apiUrl(),
                                        defaults.secretKey(),
                                        defaults.connectTimeout(),
                                        Duration.ofSeconds(2),
                                        RateLimit.of(5000, Duration.ofSeconds(1)),
                                        defaults.userUpdateLimit(),
                                        new RetryPolicy(
                                                Duration.ofMillis(50),
                                                Duration.ofMillis(200),
                                                2.0,
                                                3)))
                        .build();
    }

    @AfterEach
    void stop() {
        ledger.close();
        hashes.close();
        blocking.close();
    }

    private MigrationService service(
            MigrationPolicy.PasswordMode password, MigrationPolicy.ConflictPolicy conflict) {
        return service(password, conflict, MigrationMode.MIGRATE, "test-replica");
    }

    private MigrationService service(
            MigrationPolicy.PasswordMode password,
            MigrationPolicy.ConflictPolicy conflict,
            MigrationMode mode,
            String owner) {
        return new MigrationService(
                client,
                ledger.rows(),
                ledger.counters(),
                hashes,
                blocking,
                new MigrationPolicy(
                        password,
                        conflict,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(30),
                        FAST_RETRY,
                        MigrationPolicy.DeletedUserPolicy.RESPECT,
                        false,
                        false),
                MigrationCaches.DEFAULTS,
                () -> Rollout.everyone(mode),
                owner,
                Clock.systemUTC(),
                MigrationMetrics.discarding());
    }

    private DeferredMigrationWorker worker(
            MigrationService service, Function<String, Optional<LegacyIdentity>> directory) {
        RolloutControl rollout =
                new RolloutControl(
                        Rollout.everyone(MigrationMode.MIGRATE), ledger.sharedSettings());
        MigrationCensus census =
                new MigrationCensus(
                        ledger.reports(),
                        ledger.counters(),
                        OptionalLong::empty,
                        new SimpleMeterRegistry(),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Clock.systemUTC());
        return new DeferredMigrationWorker(
                service,
                ledger.rows(),
                directory,
                rollout,
                census,
                Duration.ofHours(1),
                Duration.ZERO,
                Clock.systemUTC());
    }

    private static LegacyIdentity ada(String id, String email) {
        return new LegacyIdentity(
                id,
                Optional.of(email),
                Optional.of(true),
                Optional.of("user" + id),
                Optional.of("Ada"),
                Optional.of("Lovelace"),
                Optional.of(Instant.parse("2019-03-01T09:00:00Z")),
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void firstLoginCreatesTheUserAndLaterLoginsAreAnsweredFromTheCache() throws Exception {
        MigrationService service =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK);
        assertThat(
                        service.migrate(
                                        ada("42", "ada@example.com"),
                                        "ada@example.com",
                                        Optional.of("weak"),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.CREATED);
        int calls = clerk.requests().size();
        assertThat(
                        service.migrate(
                                        ada("42", "ada@example.com"),
                                        "ada@example.com",
                                        Optional.of("weak"),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.ALREADY_PRESENT);
        assertThat(clerk.requests()).hasSize(calls);
        assertThat(ledger.rows().find("42").orElseThrow().state())
                .isEqualTo(MigrationState.MIGRATED);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
        String user = get("/users?external_id=42");
        assertThat(user)
                .contains(
                        "\"email_address\":\"ada@example.com\"",
                        "\"first_name\":\"Ada\"",
                        "\"password_enabled\":true");
    }

    @Test
    void twoHundredConcurrentFirstLoginsOfOneUserCreateExactlyOneClerkUser() throws Exception {
        MigrationService service =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK);
        MigrationService otherReplica =
                new MigrationService(
                        client,
                        ledger.rows(),
                        ledger.counters(),
                        hashes,
                        blocking,
                        new MigrationPolicy(
                                MigrationPolicy.PasswordMode.PLAINTEXT,
                                MigrationPolicy.ConflictPolicy.LINK,
                                Duration.ofSeconds(3),
                                Duration.ofSeconds(30),
                                RetrySchedule.DEFAULT,
                                MigrationPolicy.DeletedUserPolicy.RESPECT,
                                false,
                                false),
                        MigrationCaches.DEFAULTS,
                        () -> Rollout.everyone(MigrationMode.MIGRATE),
                        "other-replica",
                        Clock.systemUTC(),
                        MigrationMetrics.discarding());
        List<CompletableFuture<MigrationOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MigrationService s = i % 2 == 0 ? service : otherReplica;
            outcomes.add(
                    s.migrate(
                            ada("7", "grace@example.com"),
                            "grace@example.com",
                            Optional.of("pw12345678"),
                            MigrationSource.LOGIN,
                            "test-request"));
        }
        for (CompletableFuture<MigrationOutcome> outcome : outcomes) {
            // Logins that shared the in-process flight all see its CREATED; the other replica's
            // see the claim held or the user already present.
            assertThat(outcome.get(30, TimeUnit.SECONDS))
                    .isIn(
                            MigrationOutcome.CREATED,
                            MigrationOutcome.IN_PROGRESS,
                            MigrationOutcome.ALREADY_PRESENT);
        }
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
        assertThat(clerk.requests())
                .filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/users"))
                .hasSize(1);
        assertThat(ledger.rows().find("7").orElseThrow().state())
                .isEqualTo(MigrationState.MIGRATED);
    }

    @Test
    void anEmailAlreadyInClerkIsLinkedOrRecordedAsAConflictPerPolicy() throws Exception {
        post(
                "/users",
                "{\"email_address\":[\"bob@example.com\"],\"skip_password_requirement\":true}");
        assertThat(
                        service(
                                        MigrationPolicy.PasswordMode.NONE,
                                        MigrationPolicy.ConflictPolicy.SKIP)
                                .migrate(
                                        ada("1", "bob@example.com"),
                                        "bob@example.com",
                                        Optional.empty(),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.CONFLICT);
        assertThat(ledger.rows().find("1").orElseThrow().state())
                .isEqualTo(MigrationState.CONFLICT);

        post(
                "/users",
                "{\"email_address\":[\"carol@example.com\"],\"skip_password_requirement\":true}");
        assertThat(
                        service(
                                        MigrationPolicy.PasswordMode.NONE,
                                        MigrationPolicy.ConflictPolicy.LINK)
                                .migrate(
                                        ada("2", "carol@example.com"),
                                        "carol@example.com",
                                        Optional.empty(),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.LINKED);
        assertThat(get("/users?external_id=2")).contains("carol@example.com");
        assertThat(clerk.emulator().userCount()).isEqualTo(2);
    }

    @Test
    void theLedgerRecordsWhichClerkUsersTrickleCreatedAndWhichItFound() throws Exception {
        post(
                "/users",
                "{\"external_id\":\"51\",\"email_address\":[\"pre@example.com\"],"
                        + "\"skip_password_requirement\":true}");
        post(
                "/users",
                "{\"email_address\":[\"link@example.com\"],\"skip_password_requirement\":true}");
        MigrationService service =
                service(MigrationPolicy.PasswordMode.NONE, MigrationPolicy.ConflictPolicy.LINK);
        Map<String, MigrationOutcome> outcomes = new LinkedHashMap<>();
        for (String[] user :
                List.of(
                        new String[] {"50", "new@example.com"},
                        new String[] {"51", "pre@example.com"},
                        new String[] {"52", "link@example.com"})) {
            outcomes.put(
                    user[0],
                    service.migrate(
                                    ada(user[0], user[1]),
                                    user[1],
                                    Optional.empty(),
                                    MigrationSource.LOGIN,
                                    "test-request")
                            .get(10, TimeUnit.SECONDS));
        }

        assertThat(outcomes)
                .containsExactly(
                        Map.entry("50", MigrationOutcome.CREATED),
                        Map.entry("51", MigrationOutcome.ALREADY_PRESENT),
                        Map.entry("52", MigrationOutcome.LINKED));
        assertThat(ledger.rows().find("50").orElseThrow().origin()).isEqualTo(ClerkOrigin.CREATED);
        assertThat(ledger.rows().find("51").orElseThrow().origin()).isEqualTo(ClerkOrigin.FOUND);
        assertThat(ledger.rows().find("52").orElseThrow().origin()).isEqualTo(ClerkOrigin.FOUND);
    }

    @Test
    void aClerkOutageDefersTheMigrationAndTheNextLoginCompletesItOnce() throws Exception {
        MigrationService service =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK);
        clerk.faults().outage(true);
        assertThat(
                        service.migrate(
                                        ada("9", "dan@example.com"),
                                        "dan@example.com",
                                        Optional.of("pw"),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.DEFERRED);
        assertThat(ledger.rows().find("9").orElseThrow().state()).isEqualTo(MigrationState.PENDING);
        assertThat(ledger.rows().find("9").orElseThrow().lastErrorCode())
                .hasValue("clerk_retryable");
        clerk.faults().clear();
        assertThat(
                        service.migrate(
                                        ada("9", "dan@example.com"),
                                        "dan@example.com",
                                        Optional.of("pw"),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.CREATED);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void theLegacyDigestIsSentWithItsHasherAndClerkAcceptsThePasswordAgainstIt() throws Exception {
        LegacyIdentity identity =
                new LegacyIdentity(
                        "55",
                        Optional.of("eve@example.com"),
                        Optional.of(false),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(DJANGO_DIGEST_OF_PASSWORD),
                        Optional.empty());
        assertThat(
                        service(
                                        MigrationPolicy.PasswordMode.DIGEST,
                                        MigrationPolicy.ConflictPolicy.LINK)
                                .migrate(
                                        identity,
                                        "eve@example.com",
                                        Optional.empty(),
                                        MigrationSource.IMPORT,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.CREATED);
        String user = get("/users?external_id=55");
        assertThat(user).contains("\"reserved\":true");
        String id = clerkId(user);
        assertThat(post("/users/" + id + "/verify_password", "{\"password\":\"password\"}"))
                .contains("\"verified\":true");
    }

    @Test
    void aDeferredLoginIsCompletedByTheWorkerAndThePasswordStillWorksInClerk() throws Exception {
        MigrationService service =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK);
        clerk.faults().outage(true);
        assertThat(
                        service.migrate(
                                        ada("21", "fay@example.com"),
                                        "fay@example.com",
                                        Optional.of("fays-own-password"),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.DEFERRED);
        awaitDeferred(service, 1);
        clerk.faults().clear();
        Thread.sleep(300);

        try (DeferredMigrationWorker worker = worker(service, identifier -> Optional.empty())) {
            assertThat(worker.tick()).isEqualTo(1);
        }

        assertThat(ledger.rows().find("21").orElseThrow().state())
                .isEqualTo(MigrationState.MIGRATED);
        assertThat(service.deferredCount()).isZero();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
        String id = clerkId(get("/users?external_id=21"));
        assertThat(
                        post(
                                "/users/" + id + "/verify_password",
                                "{\"password\":\"fays-own-password\"}"))
                .contains("\"verified\":true");
    }

    @Test
    void aWorkerTickDuringTheOutageKeepsTheJobAndBacksOff() throws Exception {
        MigrationService service =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK);
        clerk.faults().outage(true);
        service.migrate(
                        ada("22", "gus@example.com"),
                        "gus@example.com",
                        Optional.of("pw"),
                        MigrationSource.LOGIN,
                        "test-request")
                .get(10, TimeUnit.SECONDS);
        awaitDeferred(service, 1);
        Thread.sleep(300);

        try (DeferredMigrationWorker worker = worker(service, identifier -> Optional.empty())) {
            assertThat(worker.tick()).isEqualTo(1);
        }

        assertThat(service.deferredCount()).isEqualTo(1);
        assertThat(ledger.rows().find("22").orElseThrow().state())
                .isEqualTo(MigrationState.PENDING);
        assertThat(ledger.rows().find("22").orElseThrow().attempts()).isEqualTo(2);
        assertThat(clerk.emulator().userCount()).isZero();
    }

    @Test
    void afterARestartAnOrphanedRowIsMigratedFromTheLegacyDigest() throws Exception {
        clerk.faults().outage(true);
        service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        MigrationMode.MIGRATE,
                        "crashed-replica")
                .migrate(
                        ada("23", "hal@example.com"),
                        "hal@example.com",
                        Optional.of("password"),
                        MigrationSource.LOGIN,
                        "test-request")
                .get(10, TimeUnit.SECONDS);
        clerk.faults().clear();
        Thread.sleep(300);
        MigrationService restarted =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        MigrationMode.MIGRATE,
                        "restarted-replica");
        LegacyIdentity fromDatabase =
                new LegacyIdentity(
                        "23",
                        Optional.of("hal@example.com"),
                        Optional.of(true),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(DJANGO_DIGEST_OF_PASSWORD),
                        Optional.empty());

        try (DeferredMigrationWorker worker =
                worker(
                        restarted,
                        identifier ->
                                identifier.equals("hal@example.com")
                                        ? Optional.of(fromDatabase)
                                        : Optional.empty())) {
            assertThat(worker.tick()).isEqualTo(1);
        }

        assertThat(ledger.rows().find("23").orElseThrow().state())
                .isEqualTo(MigrationState.MIGRATED);
        String id = clerkId(get("/users?external_id=23"));
        assertThat(post("/users/" + id + "/verify_password", "{\"password\":\"password\"}"))
                .contains("\"verified\":true");
    }

    @Test
    void anOrphanWithNothingToImportWaitsForItsNextLogin() throws Exception {
        clerk.faults().outage(true);
        service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        MigrationMode.MIGRATE,
                        "crashed-replica")
                .migrate(
                        ada("24", "ivy@example.com"),
                        "ivy@example.com",
                        Optional.of("pw"),
                        MigrationSource.LOGIN,
                        "test-request")
                .get(10, TimeUnit.SECONDS);
        clerk.faults().clear();
        Thread.sleep(300);
        MigrationService restarted =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        MigrationMode.MIGRATE,
                        "restarted-replica");

        try (DeferredMigrationWorker worker = worker(restarted, identifier -> Optional.empty())) {
            assertThat(worker.tick()).isZero();
        }

        var row = ledger.rows().find("24").orElseThrow();
        assertThat(row.state()).isEqualTo(MigrationState.PENDING);
        assertThat(row.lastErrorCode()).hasValue("awaiting_login");
        assertThat(row.nextAttemptAt().orElseThrow())
                .isAfter(Instant.now().plus(Duration.ofHours(5)));
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(
                        restarted
                                .migrate(
                                        ada("24", "ivy@example.com"),
                                        "ivy@example.com",
                                        Optional.of("pw"),
                                        MigrationSource.LOGIN,
                                        "test-request")
                                .get(10, TimeUnit.SECONDS))
                .isEqualTo(MigrationOutcome.CREATED);
    }

    @Test
    void shadowModeReportsWhatMigrateWouldDoAndWritesNothing() throws Exception {
        post(
                "/users",
                "{\"email_address\":[\"taken@example.com\"],\"skip_password_requirement\":true}");
        post(
                "/users",
                "{\"external_id\":\"31\",\"email_address\":[\"there@example.com\"],"
                        + "\"skip_password_requirement\":true}");
        int callsBefore = clerk.requests().size();
        MigrationService linking =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.LINK,
                        MigrationMode.SHADOW,
                        "shadow");
        MigrationService skipping =
                service(
                        MigrationPolicy.PasswordMode.PLAINTEXT,
                        MigrationPolicy.ConflictPolicy.SKIP,
                        MigrationMode.SHADOW,
                        "shadow");

        assertThat(shadow(linking, ada("30", "new@example.com")))
                .isEqualTo(MigrationOutcome.WOULD_CREATE);
        assertThat(shadow(linking, ada("31", "there@example.com")))
                .isEqualTo(MigrationOutcome.ALREADY_PRESENT);
        assertThat(shadow(linking, ada("32", "taken@example.com")))
                .isEqualTo(MigrationOutcome.WOULD_LINK);
        assertThat(shadow(skipping, ada("33", "taken@example.com")))
                .isEqualTo(MigrationOutcome.WOULD_CONFLICT);
        assertThat(shadow(linking, ada("30", "new@example.com")))
                .as("a user is assessed once, then answered from memory")
                .isEqualTo(MigrationOutcome.WOULD_CREATE);

        List<RecordedCall> calls = clerk.requests().subList(callsBefore, clerk.requests().size());
        assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c.method()).isEqualTo("GET"));
        assertThat(clerk.emulator().userCount()).isEqualTo(2);
        assertThat(ledger.rows().find("30")).isEmpty();
        assertThat(ledger.rows().find("32")).isEmpty();
    }

    /** The retry job is kept once the password is hashed, just after the login went on. */
    private static void awaitDeferred(MigrationService service, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.deferredCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(service.deferredCount()).isEqualTo(expected);
    }

    private static MigrationOutcome shadow(MigrationService service, LegacyIdentity identity)
            throws Exception {
        return service.migrate(
                        identity,
                        identity.email().orElseThrow(),
                        Optional.of("pw"),
                        MigrationSource.LOGIN,
                        "test-request")
                .get(10, TimeUnit.SECONDS);
    }

    private static String clerkId(String userJson) {
        return userJson.replaceAll("(?s).*?\"id\":\"(user_[A-Za-z0-9]+)\".*", "$1");
    }

    private String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(clerk.baseUri() + path)).GET());
    }

    private String post(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        request.header("Authorization", "Bearer " + clerk.secretKey()).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
