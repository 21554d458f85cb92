package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerReports;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes from Clerk the users Trickle created, per the ledger, and marks their rows reverted.
 * Never touches a linked user or one Trickle found already in Clerk; a user whose Clerk record no
 * longer carries the legacy id under the ledger's Clerk id is left for a human. A dry run makes the
 * same read-only checks and reports what it would do. Re-running continues where a run stopped:
 * reverted rows are no longer in scope, and a user already gone is just marked.
 */
public final class Rollback {
    public static final String DELETED = "deleted";
    public static final String WOULD_DELETE = "would_delete";
    public static final String ALREADY_GONE = "already_gone";
    public static final String LEFT_LINKED = "left_linked";
    public static final String LEFT_PRE_EXISTING = "left_pre_existing";
    public static final String LEFT_UNKNOWN_ORIGIN = "left_unknown_origin";
    public static final String LEFT_CHANGED_IN_CLERK = "left_changed_in_clerk";
    public static final String FAILED = "failed";

    private final LedgerReports reports;
    private final MigrationRows rows;
    private final ClerkLookup clerk;

    public Rollback(LedgerReports reports, MigrationRows rows, ClerkLookup clerk) {
        this.reports = reports;
        this.rows = rows;
        this.clerk = clerk;
    }

    /**
     * @param execute delete and mark; otherwise only report
     * @param listed how many rows of each kind the findings list
     */
    public Findings run(RollbackScope scope, boolean execute, int listed) {
        Findings findings = new Findings(listed);
        for (String kind :
                List.of(
                        execute ? DELETED : WOULD_DELETE,
                        ALREADY_GONE,
                        LEFT_LINKED,
                        LEFT_PRE_EXISTING,
                        LEFT_UNKNOWN_ORIGIN,
                        LEFT_CHANGED_IN_CLERK,
                        FAILED)) {
            findings.declare(kind);
        }
        for (List<LedgerRecord> page : reports.pages(ClerkLookup.BATCH)) {
            List<LedgerRecord> candidates = new ArrayList<>();
            for (LedgerRecord row : page.stream().filter(scope::covers).toList()) {
                String left = leftAlone(row, scope);
                if (left == null) {
                    candidates.add(row);
                } else {
                    findings.add(left, item(row));
                }
            }
            settle(candidates, execute, findings);
        }
        return findings;
    }

    /** Why a row in scope is not a candidate, or {@code null} when it is. */
    private static String leftAlone(LedgerRecord row, RollbackScope scope) {
        if (row.state() == MigrationState.LINKED) {
            return LEFT_LINKED;
        }
        if (row.origin() == ClerkOrigin.FOUND) {
            return LEFT_PRE_EXISTING;
        }
        if (row.clerkUserId().isEmpty()
                || (row.origin() == ClerkOrigin.UNKNOWN && !scope.includeUnknown())) {
            return LEFT_UNKNOWN_ORIGIN;
        }
        return null;
    }

    private void settle(List<LedgerRecord> candidates, boolean execute, Findings findings) {
        Map<String, ClerkUser> holders =
                clerk.byExternalIds(candidates.stream().map(LedgerRecord::legacyId).toList());
        Map<LedgerRecord, CompletableFuture<Optional<String>>> deletions = new LinkedHashMap<>();
        for (LedgerRecord row : candidates) {
            String clerkId = row.clerkUserId().orElseThrow();
            ClerkUser holder = holders.get(row.legacyId());
            if (holder != null && holder.id().equals(clerkId)) {
                if (execute) {
                    deletions.put(row, clerk.delete(clerkId));
                } else {
                    findings.add(WOULD_DELETE, item(row));
                }
            } else if (holder == null && clerk.byId(clerkId).isEmpty()) {
                if (execute) {
                    rows.markReverted(row.legacyId());
                }
                findings.add(ALREADY_GONE, item(row));
            } else {
                Map<String, String> item = item(row);
                item.put("clerk_holder", holder == null ? "" : holder.id());
                findings.add(LEFT_CHANGED_IN_CLERK, item);
            }
        }
        deletions.forEach(
                (row, deletion) -> {
                    Optional<String> error = deletion.join();
                    if (error.isEmpty()) {
                        rows.markReverted(row.legacyId());
                        findings.add(DELETED, item(row));
                    } else {
                        Map<String, String> item = item(row);
                        item.put("error", error.get());
                        findings.add(FAILED, item);
                    }
                });
    }

    private static Map<String, String> item(LedgerRecord row) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("legacy_id", row.legacyId());
        item.put("clerk_user_id", row.clerkUserId().orElse(""));
        item.put("source", row.source().code());
        item.put("migrated_at", row.migratedAt().map(Object::toString).orElse(""));
        return item;
    }
}
