package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CrashRecoveryTest {
    @TempDir Path dir;

    @Test
    void aClaimOrphanedByKillMinusNineIsTakenOverAndCompletedOnce() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("ledger.db");
        Process child =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                ClaimThenHang.class.getName(),
                                url)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        String reported;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            reported = out.readLine();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(reported).isEqualTo("Claimed");

        MutableClock clock = new MutableClock(LedgerContract.START);
        try (Ledger ledger = Ledger.open(LedgerSettings.ofUrl(url), clock)) {
            MigrationRows rows = ledger.rows();
            assertThat(claimAsParent(rows)).isInstanceOf(ClaimResult.HeldByOther.class);
            clock.advance(LedgerContract.LEASE);

            assertThat(claimAsParent(rows)).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(rows.complete("crash", "p", MigrationState.MIGRATED, Optional.of("user_1")))
                    .isTrue();
            assertThat(
                            rows.complete(
                                    "crash",
                                    "child",
                                    MigrationState.MIGRATED,
                                    Optional.of("user_2")))
                    .isFalse();
            assertThat(rows.find("crash").orElseThrow().clerkUserId()).contains("user_1");
        }
    }

    private static ClaimResult claimAsParent(MigrationRows rows) {
        return rows.claim(
                "crash", "c@example.com", MigrationSource.LOGIN, "p", LedgerContract.LEASE);
    }
}
