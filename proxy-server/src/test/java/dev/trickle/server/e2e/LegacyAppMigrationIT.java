package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import dev.trickle.server.emulator.RecordedCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real legacy app with its users in PostgreSQL or MariaDB, digests made by real tools in nine
 * formats, behind {@code serve} with a {@code database} route (form login, CSRF) and an {@code
 * upstream} route (JSON login): the app's answers come back byte for byte, verified users arrive in
 * Clerk once with the legacy id and email, wrong passwords move nobody.
 */
final class LegacyAppMigrationIT {
    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(
                    ClerkEmulator.builder().rateLimit(100_000, java.time.Duration.ofSeconds(10)));

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(LegacyDatabase.class)
    void loginsThroughTrickleAnswerAsDirectAndMoveExactlyTheVerifiedUsers(LegacyDatabase database)
            throws Exception {
        ToolVectors vectors = ToolVectors.load();
        int formats = ToolVectors.SELF_DESCRIBING.size();
        List<LegacyUser> formUsers =
                vectors.users(1_000, formats, ToolVectors.SELF_DESCRIBING, "form");
        List<String> rotated = new ArrayList<>(ToolVectors.SELF_DESCRIBING);
        Collections.rotate(rotated, 1);
        List<LegacyUser> jsonUsers = vectors.users(2_000, formats, rotated, "api");
        List<LegacyUser> everyone = new ArrayList<>(formUsers);
        everyone.addAll(jsonUsers);
        try (LegacyUserTable table = LegacyUserTable.create(database, everyone);
                LegacyLoginApp app = LegacyLoginApp.start(table);
                ProxyApplication proxy =
                        new TrickleConfig(
                                        app.url(),
                                        clerk.baseUri(),
                                        "jdbc:sqlite:" + dir.resolve("ledger.db"),
                                        table)
                                .start(clerk.secretKey())) {
            int direct = app.port();
            int via = proxy.proxyAddress().getPort();
            String token = Logins.csrfToken(via);

            for (LegacyUser u : formUsers) {
                RawExchange.Response expected =
                        Logins.form(direct, token, u.username(), u.password() + "x");
                assertThat(expected.status()).as(u.toString()).isEqualTo(200);
                assertThat(Logins.form(via, token, u.username(), u.password() + "x").withoutDate())
                        .as(u.toString())
                        .isEqualTo(expected.withoutDate());
            }
            for (LegacyUser u : jsonUsers) {
                RawExchange.Response expected = Logins.json(direct, u.email(), "x" + u.password());
                assertThat(expected.status()).as(u.toString()).isEqualTo(401);
                assertThat(Logins.json(via, u.email(), "x" + u.password()).withoutDate())
                        .as(u.toString())
                        .isEqualTo(expected.withoutDate());
            }
            assertThat(app.loginsSucceeded()).isZero();
            assertThat(clerk.emulator().userCount()).isZero();
            assertThat(writes(clerk.requests())).isEmpty();

            for (LegacyUser u : formUsers) {
                RawExchange.Response expected =
                        Logins.form(direct, token, u.username(), u.password());
                assertThat(expected.status()).as(u.toString()).isEqualTo(302);
                RawExchange.Response proxied = Logins.form(via, token, u.username(), u.password());
                assertThat(proxied.withoutDate())
                        .as(u.toString())
                        .isEqualTo(expected.withoutDate());
                assertThat(proxied.header("Set-Cookie")).startsWith("sessionid=");
            }
            for (LegacyUser u : jsonUsers) {
                RawExchange.Response expected = Logins.json(direct, u.email(), u.password());
                assertThat(expected.status()).as(u.toString()).isEqualTo(200);
                assertThat(Logins.json(via, u.email(), u.password()).withoutDate())
                        .as(u.toString())
                        .isEqualTo(expected.withoutDate());
            }
            assertThat(app.loginsSucceeded()).isEqualTo(2 * everyone.size());

            List<ClerkUsers.User> inClerk = ClerkUsers.all(clerk.baseUri(), clerk.secretKey());
            assertThat(inClerk).hasSize(everyone.size());
            Map<String, ClerkUsers.User> byExternalId =
                    inClerk.stream()
                            .collect(
                                    Collectors.toMap(
                                            c -> c.externalId().orElseThrow(),
                                            Function.identity()));
            for (LegacyUser u : everyone) {
                ClerkUsers.User c = byExternalId.get(u.legacyId());
                assertThat(c).as(u.toString()).isNotNull();
                assertThat(c.email()).isEqualTo(u.email());
                assertThat(
                                ClerkUsers.verifyPassword(
                                        clerk.baseUri(), clerk.secretKey(), c.id(), u.password()))
                        .as(u + " signs in to Clerk with the password it typed")
                        .isTrue();
            }
            for (LegacyUser u : formUsers) {
                assertThat(byExternalId.get(u.legacyId()).createdAt())
                        .as(u + ": created_at from the legacy date_joined")
                        .isEqualTo(u.joined().toEpochMilli());
            }

            int callsBefore = clerk.requests().size();
            for (LegacyUser u : formUsers) {
                assertThat(Logins.form(via, token, u.username(), u.password()).status())
                        .isEqualTo(302);
            }
            for (LegacyUser u : jsonUsers) {
                assertThat(Logins.json(via, u.email(), u.password()).status()).isEqualTo(200);
            }
            assertThat(clerk.requests())
                    .as("repeat logins are answered from the migrated-users cache")
                    .hasSize(callsBefore);
        }
    }

    static List<RecordedCall> writes(List<RecordedCall> calls) {
        return calls.stream().filter(c -> !c.method().equals("GET")).toList();
    }
}
