package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerReports;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy id → Clerk id mapping of every user the ledger places in Clerk (migrated or linked),
 * in legacy-id order, read 100 rows at a time; optionally each page checked against Clerk with one
 * look-up of its 100 legacy ids.
 */
public final class MappingExport {
    /** Rows written and, when confirmed, how many Clerk confirmed or contradicted. */
    public record Summary(long rows, Map<ClerkCheck, Long> checks) {
        public long count(ClerkCheck check) {
            return checks.getOrDefault(check, 0L);
        }
    }

    private final LedgerReports reports;
    private final Optional<ClerkLookup> confirm;

    /**
     * @param confirm where to confirm each row; empty to export the ledger alone
     */
    public MappingExport(LedgerReports reports, Optional<ClerkLookup> confirm) {
        this.reports = reports;
        this.confirm = confirm;
    }

    public Summary writeTo(MappingWriter out) throws IOException {
        long rows = 0;
        Map<ClerkCheck, Long> checks = new EnumMap<>(ClerkCheck.class);
        for (List<LedgerRecord> page : reports.pages(ClerkLookup.BATCH)) {
            List<LedgerRecord> inClerk = page.stream().filter(r -> r.state().isInClerk()).toList();
            Map<String, ClerkUser> found =
                    confirm.isPresent()
                            ? confirm.get()
                                    .byExternalIds(
                                            inClerk.stream().map(LedgerRecord::legacyId).toList())
                            : Map.of();
            for (LedgerRecord row : inClerk) {
                Optional<ClerkUser> holder = Optional.ofNullable(found.get(row.legacyId()));
                Optional<ClerkCheck> check =
                        confirm.map(c -> ClerkCheck.of(row.clerkUserId(), holder));
                check.ifPresent(c -> checks.merge(c, 1L, Long::sum));
                out.write(
                        MappingRow.of(row, holder.flatMap(ClerkUser::primaryEmailAddress), check));
                rows++;
            }
        }
        return new Summary(rows, checks);
    }
}
