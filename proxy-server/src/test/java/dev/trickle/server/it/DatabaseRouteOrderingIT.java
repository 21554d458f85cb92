package dev.trickle.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.config.Secret;
import dev.trickle.core.credentials.CredentialSource;
import dev.trickle.core.credentials.DuplicatePolicy;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.DatabaseVerifier;
import dev.trickle.core.legacy.DigestCheck;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.core.legacy.SuccessRules;
import dev.trickle.core.login.Forwarding;
import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.migration.MigrationCaches;
import dev.trickle.core.migration.MigrationLoginRoute;
import dev.trickle.core.migration.MigrationMetrics;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.migration.RetrySchedule;
import dev.trickle.core.migration.RouteKind;
import dev.trickle.core.migration.RouteSettings;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code database} strategy's order of events, shown without a clock: the legacy look-up runs
 * only when the test lets it, so what is released, and what Clerk sees, before and after the check
 * is done can be asserted directly. A login the legacy app refuses is released exactly when the
 * check is done, right password or wrong, and never reaches Clerk; only a login both accept moves.
 */
final class DatabaseRouteOrderingIT {
    @RegisterExtension static final ClerkEmulatorExtension clerk = new ClerkEmulatorExtension();

    private static final String PASSWORD = "analytical engine 1843";

    /** Roomy: the emulator's first answer loads its OpenAPI validator, slow on a busy machine. */
    private static final Duration BUDGET = Duration.ofSeconds(20);

    private static final SuccessRules SIGNED_IN =
            new SuccessRules(
                    Set.of(302),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("sessionid"),
                    Optional.empty(),
                    Optional.empty());

    @TempDir Path dir;
    private Ledger ledger;
    private PasswordHashes hashes;
    private BoundedPool blocking;
    private LegacyUserDirectory directory;
    private HeldLookups lookups;
    private MigrationLoginRoute route;

    /**
     * A one-thread look-up pool whose thread the test holds: look-ups queue until it lets them run,
     * in order, and the pool's own queue gauge says how many wait.
     */
    private static final class HeldLookups implements AutoCloseable {
        private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final BoundedPool pool = BoundedPool.start("lookup", 1, 16, Ticker.systemTicker(), meters);
        private CountDownLatch gate;

        HeldLookups() throws InterruptedException {
            hold();
        }

        /** Occupies the pool's thread; returns once it is held, so the queue holds only work. */
        private void hold() throws InterruptedException {
            CountDownLatch next = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            pool.submit(
                    () -> {
                        held.countDown();
                        try {
                            next.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    });
            held.await();
            gate = next;
        }

        int waiting() {
            return (int) meters.get(BoundedPool.QUEUED).gauge().value();
        }

        /** Runs every look-up queued so far, then holds the thread again. */
        void runAll() throws InterruptedException {
            gate.countDown();
            hold();
        }

        @Override
        public void close() {
            gate.countDown();
            pool.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        String legacy = "jdbc:sqlite:" + dir.resolve("legacy.db");
        hashes = new PasswordHashes(HashSettings.defaults());
        try (Connection c = DriverManager.getConnection(legacy);
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, pass TEXT)");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO users VALUES (7, 'ada@example.com', ?)")) {
                insert.setString(1, hashes.bcryptHash(PASSWORD).get(10, TimeUnit.SECONDS));
                insert.executeUpdate();
            }
        }
        directory =
                new LegacyUserDirectory(
                        new LegacyDatabaseSettings(
                                legacy,
                                Optional.empty(),
                                Optional.empty(),
                                "SELECT id, email, pass AS password_digest FROM users"
                                        + " WHERE email = :identifier",
                                2,
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2),
                                Optional.empty(),
                                Optional.empty()));
        ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db")),
                        Clock.systemUTC());
        blocking =
                BoundedPool.start(
                        "migration", 2, 64, Ticker.systemTicker(), new SimpleMeterRegistry());
        lookups = new HeldLookups();
        ClerkClient client =
                ClerkClient.builder(
                                ClerkSettings.of(
                                        clerk.baseUri().toString(), Secret.of(clerk.secretKey())))
                        .build();
        MigrationService service =
                new MigrationService(
                        client,
                        ledger.rows(),
                        ledger.counters(),
                        hashes,
                        blocking,
                        new MigrationPolicy(
                                MigrationPolicy.PasswordMode.PLAINTEXT,
                                MigrationPolicy.ConflictPolicy.LINK,
                                BUDGET,
                                Duration.ofSeconds(30),
                                RetrySchedule.DEFAULT,
                                MigrationPolicy.DeletedUserPolicy.RESPECT,
                                false,
                                false),
                        MigrationCaches.DEFAULTS,
                        () -> Rollout.everyone(MigrationMode.MIGRATE),
                        "test",
                        Clock.systemUTC(),
                        MigrationMetrics.discarding());
        route =
                MigrationLoginRoute.verifyingWhileForwarding(
                        new RouteSettings(
                                "form-login",
                                RouteKind.LOGIN,
                                new CredentialSource.FormFields("email", "password"),
                                DuplicatePolicy.REFUSE,
                                4096,
                                BUDGET),
                        new DatabaseVerifier(
                                directory,
                                new DigestCheck(hashes, Optional.empty(), Map.of()),
                                lookups.pool,
                                // Far beyond the test's steps: look-ups wait for the test, not
                                // time.
                                Duration.ofMinutes(1)),
                        SIGNED_IN,
                        service,
                        MigrationMetrics.discarding());
    }

    @AfterEach
    void stop() {
        directory.close();
        ledger.close();
        hashes.close();
        blocking.close();
        lookups.close();
    }

    @Test
    void aLoginTheAppRefusesIsReleasedWhenTheCheckIsDoneRightPasswordOrWrongAndReachesNoClerk()
            throws Exception {
        // A lockout, a second factor, a CSRF failure: the app says no whatever the password.
        LegacyResponse refused = response(403, null);
        for (String password : List.of(PASSWORD, "wrong guess")) {
            Forwarding.Held held = forwarded(password);
            CompletableFuture<Void> release =
                    held.inspection().inspect(refused).toCompletableFuture();
            assertThat(release).as("held until the check is done (%s)", password).isNotDone();
            lookups.runAll();
            release.get(10, TimeUnit.SECONDS);
        }
        assertThat(clerk.requests()).as("a refused login never reaches Clerk").isEmpty();
        assertThat(clerk.emulator().userCount()).isZero();
    }

    @Test
    void onlyALoginTheCheckAndTheAppBothAcceptMovesAndOnlyOnceBothHaveSpoken() throws Exception {
        Forwarding.Held wrong = forwarded("wrong guess");
        CompletableFuture<Void> wrongRelease =
                wrong.inspection().inspect(response(302, "sessionid=s1")).toCompletableFuture();
        lookups.runAll();
        wrongRelease.get(10, TimeUnit.SECONDS);
        assertThat(clerk.requests()).as("another way in the app accepts moves nobody").isEmpty();

        Forwarding.Held right = forwarded(PASSWORD);
        CompletableFuture<Void> release =
                right.inspection().inspect(response(302, "sessionid=s2")).toCompletableFuture();
        assertThat(release).isNotDone();
        assertThat(clerk.requests()).as("nothing reaches Clerk before the check is done").isEmpty();
        lookups.runAll();
        release.get(30, TimeUnit.SECONDS);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void theCheckStartsBeforeTheLoginIsForwardedAndUnknownUsersAreCheckedToo() throws Exception {
        forwarded(PASSWORD);
        assertThat(lookups.waiting()).as("the look-up is queued, the login goes on").isEqualTo(1);
        lookups.runAll();
        Forwarding.Held unknown = forwarded("whatever", "nobody@example.com");
        CompletableFuture<Void> release =
                unknown.inspection().inspect(response(302, "sessionid=s3")).toCompletableFuture();
        assertThat(release).isNotDone();
        lookups.runAll();
        release.get(10, TimeUnit.SECONDS);
        assertThat(clerk.emulator().userCount()).isZero();
    }

    @Test
    void aRepeatedCredentialFieldIsRefusedBeforeAnythingIsAsked() throws Exception {
        Forwarding forwarding =
                route.beforeForward(attempt("email=ada%40example.com&email=x%40y.org&password=pw"))
                        .toCompletableFuture()
                        .get(1, TimeUnit.SECONDS);
        assertThat(forwarding)
                .isEqualTo(new Forwarding.Refused(400, "form field email appears more than once"));
        assertThat(lookups.waiting()).isZero();
    }

    /** The route's decision for a login, which must come before the legacy look-up has run. */
    private Forwarding.Held forwarded(String password) throws Exception {
        return forwarded(password, "ada@example.com");
    }

    private Forwarding.Held forwarded(String password, String email) throws Exception {
        String form =
                "email="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8);
        CompletableFuture<Forwarding> decision =
                route.beforeForward(attempt(form)).toCompletableFuture();
        assertThat(decision).as("forwarded without waiting for the check").isDone();
        return (Forwarding.Held) decision.get();
    }

    private static LoginAttempt attempt(String form) {
        return new LoginAttempt(
                "POST",
                "/login",
                "/login",
                HttpFields.of(
                        List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded"))),
                form.getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
    }

    private static LegacyResponse response(int status, String cookie) {
        return new LegacyResponse(
                status,
                HttpFields.of(
                        cookie == null
                                ? List.of()
                                : List.of(
                                        Map.entry("Location", "/home"),
                                        Map.entry("Set-Cookie", cookie + "; Path=/"))),
                new byte[0]);
    }
}
