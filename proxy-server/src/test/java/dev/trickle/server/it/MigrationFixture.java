package dev.trickle.server.it;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.RetryPolicy;
import dev.trickle.core.config.Secret;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.migration.MigrationCaches;
import dev.trickle.core.migration.MigrationMetrics;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import dev.trickle.core.migration.RetrySchedule;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.ratelimit.RateLimit;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A migration service as {@code serve} builds one, against the Clerk emulator and a real SQLite
 * ledger, on a time line the test may move by hand: the Clerk client, the migration pool and the
 * hash library share one ticker, as they share the system's in production.
 */
final class MigrationFixture implements AutoCloseable {
    /** Time that moves only when told; starts at an arbitrary point. */
    static final class ManualTicker implements Ticker {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return now.get();
        }

        void advance(Duration by) {
            now.addAndGet(by.toNanos());
        }
    }

    static final Duration LOGIN_BUDGET = Duration.ofSeconds(3);

    final ClerkEmulatorExtension clerk;
    final ManualTicker ticker = new ManualTicker();
    final Ledger ledger;
    final PasswordHashes hashes;
    final BoundedPool pool;
    final ClerkClient client;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    MigrationFixture(ClerkEmulatorExtension clerk, Path dir, int threads, int queue) {
        this.clerk = clerk;
        ledger =
                Ledger.open(
                        LedgerSettings.ofUrl("jdbc:sqlite:" + dir.resolve("ledger.db")),
                        Clock.systemUTC());
        hashes = new PasswordHashes(HashSettings.defaults(), ticker, meters);
        pool = BoundedPool.start("migration", threads, queue, ticker, meters);
        ClerkSettings defaults =
                ClerkSettings.of(clerk.baseUri().toString(), Secret.of(clerk.secretKey()));
        client =
                ClerkClient.builder(
                                new ClerkSettings(
                                        defaults.apiUrl(),
                                        defaults.secretKey(),
                                        defaults.connectTimeout(),
                                        Duration.ofSeconds(5),
                                        RateLimit.of(5000, Duration.ofSeconds(1)),
                                        defaults.userUpdateLimit(),
                                        new RetryPolicy(
                                                Duration.ofMillis(50),
                                                Duration.ofMillis(200),
                                                2.0,
                                                3)))
                        .ticker(ticker)
                        .build();
    }

    static MigrationPolicy policy(
            MigrationPolicy.PasswordMode password,
            MigrationPolicy.ConflictPolicy conflict,
            boolean legacyEmailsVerified) {
        return new MigrationPolicy(
                password,
                conflict,
                LOGIN_BUDGET,
                Duration.ofSeconds(30),
                new RetrySchedule(Duration.ofMillis(100), Duration.ofMillis(200)),
                MigrationPolicy.DeletedUserPolicy.RESPECT,
                false,
                legacyEmailsVerified);
    }

    MigrationService service(MigrationPolicy policy, MigrationMode mode) {
        return replica(policy, mode, "test-replica");
    }

    /** A service as another replica runs it: its own caches and flights, the same ledger. */
    MigrationService replica(MigrationPolicy policy, MigrationMode mode, String owner) {
        return new MigrationService(
                client,
                ledger.rows(),
                ledger.counters(),
                hashes,
                pool,
                policy,
                MigrationCaches.DEFAULTS,
                () -> Rollout.everyone(mode),
                owner,
                Clock.systemUTC(),
                MigrationMetrics.discarding());
    }

    MigrationService service(MigrationPolicy policy) {
        return service(policy, MigrationMode.MIGRATE);
    }

    /** Takes the pool's only thread until the returned latch is opened. */
    CountDownLatch occupyThePool() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(
                () -> {
                    running.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
        if (!running.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the pool never ran the blocker");
        }
        return release;
    }

    static LegacyIdentity person(String id, String email, Optional<Boolean> emailVerified) {
        return new LegacyIdentity(
                id,
                Optional.of(email),
                emailVerified,
                Optional.empty(),
                Optional.of("Ada"),
                Optional.empty(),
                Optional.of(Instant.parse("2019-03-01T09:00:00Z")),
                Optional.empty(),
                Optional.empty());
    }

    static String clerkId(String userJson) {
        return userJson.replaceAll("(?s).*?\"id\":\"(user_[A-Za-z0-9]+)\".*", "$1");
    }

    boolean verifies(String externalId, String password) throws Exception {
        String id = clerkId(get("/users?external_id=" + externalId));
        return post("/users/" + id + "/verify_password", "{\"password\":\"" + password + "\"}")
                .contains("\"verified\":true");
    }

    String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(clerk.baseUri() + path)).GET());
    }

    String post(String path, String body) throws Exception {
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

    @Override
    public void close() {
        pool.close();
        hashes.close();
        ledger.close();
    }
}
