package dev.trickle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trickle.core.config.Secret;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.rollout.MigrationMode;
import dev.trickle.core.rollout.Rollout;
import dev.trickle.core.rollout.RolloutControl;
import dev.trickle.server.config.AdminConfig;
import dev.trickle.server.config.ListenAddress;
import dev.trickle.server.config.TransportKind;
import dev.trickle.server.e2e.LedgerDatabase;
import dev.trickle.server.netty.Transport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch writes to the ledger. A ledger that makes the write wait (a lock held by another
 * replica's transaction, a slow database) must not stop the admin port answering probes and
 * scrapes, which share its one event loop.
 */
final class KillSwitchIT {
    private static final String TOKEN = "kill-switch-admin-token-for-tests";

    @TempDir Path dir;

    @Test
    void aLedgerWriteThatWaitsDoesNotBlockTheAdminPort() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LedgerDatabase database = LedgerDatabase.create(LedgerDatabase.Kind.POSTGRESQL, dir);
                Ledger ledger =
                        Ledger.open(LedgerSettings.ofUrl(database.url()), Clock.systemUTC());
                AdminServer admin =
                        AdminServer.start(
                                new AdminConfig(
                                        new ListenAddress("127.0.0.1", 0),
                                        Optional.of(Secret.of(TOKEN)),
                                        List.of()),
                                Transport.select(TransportKind.AUTO),
                                registry,
                                List.of(),
                                MigrationAdminRoutes.of(
                                        new RolloutControl(
                                                Rollout.everyone(MigrationMode.MIGRATE),
                                                ledger.sharedSettings()),
                                        JsonNodeFactory.instance::objectNode,
                                        JsonNodeFactory.instance::objectNode));
                Connection otherReplica = DriverManager.getConnection(database.url())) {
            URI base = URI.create("http://127.0.0.1:" + admin.address().getPort());
            otherReplica.setAutoCommit(false);
            try (Statement lock = otherReplica.createStatement()) {
                lock.execute("LOCK TABLE ledger_setting IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<HttpResponse<String>> change =
                    http.sendAsync(
                            HttpRequest.newBuilder(base.resolve("/migration"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .PUT(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"mode\":\"shadow\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> live =
                        http.send(
                                HttpRequest.newBuilder(base.resolve("/health/live"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            assertThat(change).as("the write waits for the lock").isNotDone();

            otherReplica.commit();
            HttpResponse<String> changed = change.get(10, TimeUnit.SECONDS);
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(changed.body()).contains("\"mode\":\"shadow\"");
        } finally {
            registry.close();
        }
    }
}
