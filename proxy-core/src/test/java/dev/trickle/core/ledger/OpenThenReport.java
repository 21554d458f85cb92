package dev.trickle.core.ledger;

import java.time.Clock;

/** Child-process entry point: opens the ledger at {@code args[0]} and prints its schema version. */
final class OpenThenReport {
    private OpenThenReport() {}

    public static void main(String[] args) {
        try (Ledger ledger = Ledger.open(LedgerSettings.ofUrl(args[0]), Clock.systemUTC())) {
            System.out.println(ledger.schemaVersion());
        } catch (LedgerUnavailable e) {
            System.out.println(e.getMessage());
        }
    }
}
