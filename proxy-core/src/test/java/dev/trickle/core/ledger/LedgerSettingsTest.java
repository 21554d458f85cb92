package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.Secret;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class LedgerSettingsTest {
    @Test
    void theDefaultIsAValidSqliteFile() {
        ConfigProblems problems = new ConfigProblems();
        LedgerSettings.defaults().validate(problems, "ledger");
        assertThat(problems.isEmpty()).isTrue();
        assertThat(LedgerSettings.defaults().isSqlite()).isTrue();
    }

    @Test
    void aNonLedgerUrlIsReportedWithWhatWasExpected() {
        ConfigProblems problems = new ConfigProblems();
        LedgerSettings.ofUrl("jdbc:mysql://db/ledger").validate(problems, "ledger");
        assertThat(problems.asList())
                .extracting(ConfigProblem::toString)
                .singleElement()
                .asString()
                .contains(
                        "ledger.url: jdbc:mysql://db/ledger (expected: a jdbc:sqlite: or jdbc:postgresql: URL)");
    }

    @Test
    void theSettingsNeverPrintThePassword() {
        LedgerSettings settings =
                new LedgerSettings(
                        "jdbc:postgresql://h/db",
                        "u",
                        Secret.of("hunter2"),
                        4,
                        Duration.ofSeconds(1));
        assertThat(settings.toString()).doesNotContain("hunter2");
    }

    @Test
    void aDownDatabaseFailsWithLedgerUnavailableInsteadOfHanging() {
        LedgerSettings settings =
                new LedgerSettings(
                        "jdbc:postgresql://127.0.0.1:1/test",
                        "postgres",
                        Secret.of("hunter2"),
                        2,
                        Duration.ofMillis(500));

        assertThatThrownBy(() -> Ledger.open(settings, Clock.systemUTC()))
                .isInstanceOf(LedgerUnavailable.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("hunter2");
    }
}
