package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's master switch ({@code migration.mode}) through {@code serve}: {@code shadow}
 * verifies logins but writes nothing to Clerk; {@code passthrough} makes Trickle a plain reverse
 * proxy that does not touch Clerk or login requests at all.
 */
final class MigrationModesIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, Duration.ofSeconds(10)));

    private static LegacyUserTable table;
    private static LegacyLoginApp app;
    private static List<LegacyUser> users;

    @TempDir Path dir;

    @BeforeAll
    static void startApp() throws Exception {
        users = ToolVectors.load().users(700, 8, ToolVectors.CHEAP, "modes");
        table = LegacyUserTable.create(LegacyDatabase.MARIADB, users);
        app = LegacyLoginApp.start(table);
    }

    @AfterAll
    static void stopApp() throws Exception {
        app.close();
        table.close();
    }

    @Test
    void shadowModeVerifiesLoginsButWritesNothingToClerk() throws Exception {
        try (ProxyApplication proxy = start("shadow")) {
            logEveryoneInAndCompareWithDirect(proxy.proxyAddress().getPort());
        }
        assertThat(clerk.requests())
                .as("Clerk requests other than reads")
                .filteredOn(c -> !c.method().equals("GET"))
                .isEmpty();
        assertThat(clerk.emulator().userCount()).isZero();
    }

    @Test
    void passthroughModeTouchesNeitherClerkNorTheLogins() throws Exception {
        String ledgerUrl = "jdbc:sqlite:" + dir.resolve("ledger.db");
        try (ProxyApplication proxy = start("passthrough")) {
            int via = proxy.proxyAddress().getPort();
            logEveryoneInAndCompareWithDirect(via);

            // Past the route's 64 KiB body limit: only an intercepting proxy would refuse it.
            LegacyUser u = users.get(0);
            String token = Logins.csrfToken(app.port());
            String padding = "p".repeat(80 * 1024);
            RawExchange.Response direct =
                    Logins.form(app.port(), token, u.username(), u.password(), padding);
            assertThat(direct.status()).isEqualTo(302);
            assertThat(Logins.form(via, token, u.username(), u.password(), padding).withoutDate())
                    .isEqualTo(direct.withoutDate());
        }
        assertThat(clerk.requests()).isEmpty();
        assertThat(LedgerRows.byLegacyId(ledgerUrl)).isEmpty();
    }

    private ProxyApplication start(String mode) throws InterruptedException {
        return new TrickleConfig(
                        app.url(),
                        clerk.baseUri(),
                        "jdbc:sqlite:" + dir.resolve("ledger.db"),
                        table)
                .mode(mode)
                .start(clerk.secretKey());
    }

    private static void logEveryoneInAndCompareWithDirect(int via) throws Exception {
        String token = Logins.csrfToken(via);
        for (LegacyUser u : users) {
            RawExchange.Response direct =
                    u.id() % 2 == 0
                            ? Logins.form(app.port(), token, u.username(), u.password())
                            : Logins.json(app.port(), u.email(), u.password());
            RawExchange.Response proxied =
                    u.id() % 2 == 0
                            ? Logins.form(via, token, u.username(), u.password())
                            : Logins.json(via, u.email(), u.password());
            assertThat(direct.status()).as(u.toString()).isIn(200, 302);
            assertThat(proxied.withoutDate()).as(u.toString()).isEqualTo(direct.withoutDate());
        }
    }
}
