package dev.trickle.server.e2e;

import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a ledger the proxy writes (a second reader is safe: every ledger write is atomic). */
public final class LedgerRows {
    private LedgerRows() {}

    public static Map<String, LedgerRecord> byLegacyId(String url) {
        Map<String, LedgerRecord> rows = new LinkedHashMap<>();
        try (Ledger ledger = Ledger.open(LedgerSettings.ofUrl(url), Clock.systemUTC())) {
            ledger.reports().forEach(r -> rows.put(r.legacyId(), r));
        }
        return rows;
    }
}
