package dev.trickle.core.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.locks.LockSupport;

/** Child-process entry point for the kill -9 test: claims a row, reports it, then stalls. */
final class ClaimThenHang {
    private ClaimThenHang() {}

    public static void main(String[] args) {
        Clock clock = Clock.fixed(LedgerContract.START, ZoneOffset.UTC);
        Ledger ledger = Ledger.open(LedgerSettings.ofUrl(args[0]), clock);
        ClaimResult result =
                ledger.rows()
                        .claim(
                                "crash",
                                "c@example.com",
                                MigrationSource.LOGIN,
                                "child",
                                LedgerContract.LEASE);
        System.out.println(result.getClass().getSimpleName());
        System.out.flush();
        // Bounded stall standing in for a slow Clerk call; the parent kills us long before.
        LockSupport.parkNanos(Duration.ofSeconds(60).toNanos());
    }
}
