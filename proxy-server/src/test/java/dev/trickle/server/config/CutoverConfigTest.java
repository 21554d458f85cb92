package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cutover commands read serve's file: same checks, plus what they need of their own. */
final class CutoverConfigTest {
    private static final String UPSTREAM = "upstream:\n  url: http://127.0.0.1:8001\n";

    private final ConfigLoader loader =
            ConfigLoader.withEnvironment(Map.of("KEY", "sk_live_x")::get);

    @Test
    void withoutLoginRoutesTheClerkKeyIsStillRequired() {
        assertThatThrownBy(() -> loader.parseCutover(UPSTREAM))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(ConfigProblem::toString)
                                        .anyMatch(p -> p.startsWith("clerk.secretKey: missing")));

        CutoverConfig config =
                loader.parseCutover(
                        UPSTREAM
                                + "clerk:\n  secretKey: ${KEY}\nledger:\n  url: jdbc:sqlite:l.db\n"
                                + "legacyDatabase:\n  url: jdbc:postgresql://db/app\n"
                                + "  query: SELECT id FROM u WHERE email = :identifier\n"
                                + "reconcile:\n  legacyUsersQuery: SELECT id, email FROM u\n");

        assertThat(config.clerk().secretKey().reveal()).isEqualTo("sk_live_x");
        assertThat(config.ledger().url()).isEqualTo("jdbc:sqlite:l.db");
        assertThat(config.legacyDatabase()).isPresent();
        assertThat(config.reconcile().legacyUsersQuery()).contains("SELECT id, email FROM u");
    }

    @Test
    void aLegacyUsersQueryNeedsALegacyDatabaseAndUnknownKeysAreNamed() {
        assertThatThrownBy(
                        () ->
                                loader.parseCutover(
                                        UPSTREAM
                                                + "clerk:\n  secretKey: ${KEY}\n"
                                                + "reconcile:\n  legacyUsersQuery: SELECT id FROM u\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("reconcile.legacyUsersQuery: needs legacyDatabase");
        assertThatThrownBy(
                        () -> loader.parse(UPSTREAM + "reconcile:\n  legacyUserQuery: SELECT 1\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("reconcile.legacyUserQuery: unknown key");
    }
}
