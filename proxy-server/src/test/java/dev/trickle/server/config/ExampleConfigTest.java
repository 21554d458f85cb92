package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.RetrySchedule;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped example must stay valid and must spell out the defaults the code really has. */
final class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("../deploy/trickle.example.yml");

    @Test
    void exampleConfigLoadsAndMatchesTheDefaults() {
        ProxyConfig config =
                ConfigLoader.withEnvironment(
                                name ->
                                        switch (name) {
                                            case "CLERK_SECRET_KEY" -> "sk_test_exampleOnly";
                                            case "LEGACY_DB_URL" -> "jdbc:sqlite:legacy.db";
                                            default -> null;
                                        })
                        .load(EXAMPLE);
        assertThat(config.upstream().maxConnections())
                .isEqualTo(UpstreamConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(config.upstream().connectTimeout())
                .isEqualTo(UpstreamConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.upstream().responseTimeout())
                .isEqualTo(UpstreamConfig.DEFAULT_RESPONSE_TIMEOUT);
        assertThat(config.upstream().poolIdleTimeout())
                .isEqualTo(UpstreamConfig.DEFAULT_POOL_IDLE_TIMEOUT);
        assertThat(config.client().maxHeaderBytes())
                .isEqualTo(ClientConfig.DEFAULT_MAX_HEADER_BYTES);
        assertThat(config.client().maxInitialLineBytes())
                .isEqualTo(ClientConfig.DEFAULT_MAX_INITIAL_LINE_BYTES);
        assertThat(config.client().requestHeaderTimeout())
                .isEqualTo(ClientConfig.DEFAULT_REQUEST_HEADER_TIMEOUT);
        assertThat(config.client().idleTimeout()).isEqualTo(ClientConfig.DEFAULT_IDLE_TIMEOUT);
        assertThat(config.client().requestBodyTimeout())
                .isEqualTo(ClientConfig.DEFAULT_REQUEST_BODY_TIMEOUT);
        assertThat(config.client().minRequestBodyBytesPerSecond())
                .isEqualTo(ClientConfig.DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND);
        assertThat(config.client().maxConnections())
                .isEqualTo(ClientConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(config.client().maxConnectionsPerAddress())
                .isEqualTo(ClientConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
        assertThat(config.shutdownTimeout()).isEqualTo(ProxyConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(config.listen().toString()).isEqualTo(ProxyConfig.DEFAULT_LISTEN);
        assertThat(config.admin().listen().toString()).isEqualTo(AdminConfig.DEFAULT_LISTEN);
        assertThat(config.admin().allowedHosts()).isEmpty();

        MigrationConfig migration = config.migration().orElseThrow();
        assertThat(migration.rollout()).isEqualTo(Rollout.everyone(MigrationMode.MIGRATE));
        assertThat(migration.policy())
                .isEqualTo(
                        new MigrationPolicy(
                                MigrationPolicy.PasswordMode.PLAINTEXT,
                                MigrationPolicy.ConflictPolicy.LINK,
                                MigrationPolicy.DEFAULT_LOGIN_BUDGET,
                                MigrationPolicy.DEFAULT_LEASE,
                                RetrySchedule.DEFAULT,
                                MigrationPolicy.DeletedUserPolicy.RESPECT,
                                false,
                                false));
        assertThat(migration.workerThreads()).isEqualTo(MigrationConfig.DEFAULT_WORKER_THREADS);
        assertThat(migration.queueCapacity()).isEqualTo(MigrationConfig.DEFAULT_QUEUE_CAPACITY);
        assertThat(migration.lookupQueueCapacity())
                .isEqualTo(MigrationConfig.DEFAULT_LOOKUP_QUEUE_CAPACITY);
        HashSettings defaults = HashSettings.defaults();
        // The example pins the pool size; everything else is the code's default.
        assertThat(migration.hashes())
                .isEqualTo(defaults.withPool(4, HashSettings.DEFAULT_QUEUE_CAPACITY));
        assertThat(migration.retryInterval()).isEqualTo(MigrationConfig.DEFAULT_RETRY_INTERVAL);
        assertThat(migration.countInterval()).isEqualTo(MigrationConfig.DEFAULT_COUNT_INTERVAL);
        assertThat(migration.clerk().connectTimeout())
                .isEqualTo(ClerkSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(migration.clerk().requestTimeout())
                .isEqualTo(ClerkSettings.DEFAULT_REQUEST_TIMEOUT);
        assertThat(migration.ledger().url()).isEqualTo(LedgerSettings.DEFAULT_URL);
        assertThat(migration.ledger().poolSize()).isEqualTo(LedgerSettings.DEFAULT_POOL_SIZE);
        assertThat(migration.ledger().connectionTimeout())
                .isEqualTo(LedgerSettings.DEFAULT_CONNECTION_TIMEOUT);
        LegacyDatabaseSettings legacy = migration.legacyDatabase().orElseThrow();
        assertThat(legacy.maxPoolSize()).isEqualTo(LegacyDatabaseSettings.DEFAULT_MAX_POOL_SIZE);
        assertThat(legacy.connectionTimeout())
                .isEqualTo(LegacyDatabaseSettings.DEFAULT_CONNECTION_TIMEOUT);
        assertThat(legacy.queryTimeout()).isEqualTo(LegacyDatabaseSettings.DEFAULT_QUERY_TIMEOUT);
    }
}
