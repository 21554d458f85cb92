package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerReports;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.legacy.LegacyUserDirectory;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compares the ledger, Clerk and the legacy user table. Every ledger row is looked up in Clerk by
 * legacy id, 100 to a call, which is what any repair acts on; the Clerk listing and the legacy
 * stream go to a {@link ScratchStore} for the comparisons that need all of both sides. Repairs only
 * change the ledger, and only where Clerk's answer leaves no doubt; nothing is created in or
 * deleted from Clerk.
 */
public final class Reconciliation {
    /**
     * Ledger says in Clerk, no Clerk user has the legacy id, and its Clerk id is gone: tombstone.
     */
    public static final String MISSING_FROM_CLERK = "missing_from_clerk";

    /** Ledger says in Clerk; its Clerk user still exists but no longer carries the legacy id. */
    public static final String EXTERNAL_ID_REMOVED_IN_CLERK = "external_id_removed_in_clerk";

    /** A Clerk user carries the legacy id, but not the Clerk user the ledger names. */
    public static final String CLERK_ID_DIFFERS = "clerk_id_differs";

    /**
     * Ledger row never settled (pending, migrating, failed, conflict); Clerk has the user: adopt.
     */
    public static final String UNSETTLED_BUT_IN_CLERK = "unsettled_but_in_clerk";

    /** Ledger says deleted, reverted or skipped, yet a Clerk user carries the legacy id. */
    public static final String REMOVED_BUT_IN_CLERK = "removed_but_in_clerk";

    /** A Clerk user's external_id is not in the ledger (and maybe not in the legacy table). */
    public static final String UNKNOWN_EXTERNAL_ID = "unknown_external_id";

    /** A Clerk user without external_id has the email of a legacy user. */
    public static final String EMAIL_MATCHES_LEGACY_USER = "email_matches_legacy_user";

    /** One email belongs to two legacy users, or to a legacy user and another one's Clerk user. */
    public static final String EMAIL_OF_TWO_USERS = "email_of_two_users";

    /** Informational: legacy users no Clerk user carries yet (what a backfill still has to do). */
    public static final String LEGACY_NOT_IN_CLERK = "legacy_not_in_clerk";

    /** Informational: ledger rows whose legacy user is no longer in the legacy table. */
    public static final String LEDGER_NOT_IN_LEGACY = "ledger_not_in_legacy";

    public static final List<String> DISCREPANCIES =
            List.of(
                    MISSING_FROM_CLERK,
                    EXTERNAL_ID_REMOVED_IN_CLERK,
                    CLERK_ID_DIFFERS,
                    UNSETTLED_BUT_IN_CLERK,
                    REMOVED_BUT_IN_CLERK,
                    UNKNOWN_EXTERNAL_ID,
                    EMAIL_MATCHES_LEGACY_USER,
                    EMAIL_OF_TWO_USERS);

    private static final Set<MigrationState> UNSETTLED =
            EnumSet.of(
                    MigrationState.PENDING,
                    MigrationState.MIGRATING,
                    MigrationState.FAILED,
                    MigrationState.CONFLICT);

    private final LedgerReports reports;
    private final MigrationRows rows;
    private final ClerkLookup clerk;
    private final Optional<LegacyUserDirectory> directory;
    private final Optional<LegacyUserStream> legacyUsers;

    /**
     * @param directory for the legacy {@code countQuery}, when a legacy database is configured
     * @param legacyUsers the streaming legacy users query, when configured
     */
    public Reconciliation(
            LedgerReports reports,
            MigrationRows rows,
            ClerkLookup clerk,
            Optional<LegacyUserDirectory> directory,
            Optional<LegacyUserStream> legacyUsers) {
        this.reports = reports;
        this.rows = rows;
        this.clerk = clerk;
        this.directory = directory;
        this.legacyUsers = legacyUsers;
    }

    /**
     * @param listed how many items of each kind the report lists (counts are always exact)
     */
    public ReconcileReport run(boolean repair, int listed) {
        Findings findings = new Findings(listed);
        DISCREPANCIES.forEach(findings::declare);
        Map<String, Long> repairs = new LinkedHashMap<>();
        Map<String, Long> byState = new LinkedHashMap<>();
        reports.countsByState().forEach((state, n) -> byState.put(state.code(), n));
        long clerkTotal = clerk.total();
        Long legacyCount =
                directory
                        .map(LegacyUserDirectory::countUsers)
                        .filter(OptionalLong::isPresent)
                        .map(OptionalLong::getAsLong)
                        .orElse(null);
        try (ScratchStore scratch = ScratchStore.create()) {
            reports.forEach(scratch::addLedger);
            Long legacyListed = legacyUsers.map(s -> s.forEach(scratch::addLegacy)).orElse(null);
            long clerkListed = clerk.forEachUser(scratch::addClerk);
            scratch.indexed();
            compareLedgerWithClerk(repair, findings, repairs);
            new ScratchComparisons(scratch, legacyUsers.isPresent()).addTo(findings);
            long found = DISCREPANCIES.stream().mapToLong(findings::count).sum();
            long fixed = repair ? repairs.values().stream().mapToLong(Long::longValue).sum() : 0;
            return new ReconcileReport(
                    repair,
                    byState,
                    clerkTotal,
                    clerkListed,
                    legacyCount,
                    legacyListed,
                    findings.tallies(),
                    repairs,
                    found - fixed);
        }
    }

    private void compareLedgerWithClerk(
            boolean repair, Findings findings, Map<String, Long> repairs) {
        for (List<LedgerRecord> page : reports.pages(ClerkLookup.BATCH)) {
            Map<String, ClerkUser> holders =
                    clerk.byExternalIds(page.stream().map(LedgerRecord::legacyId).toList());
            for (LedgerRecord row : page) {
                compare(row, Optional.ofNullable(holders.get(row.legacyId())), repair)
                        .ifPresent(
                                finding -> {
                                    findings.add(finding.kind, finding.item);
                                    if (finding.repaired) {
                                        repairs.merge(finding.kind, 1L, Long::sum);
                                    }
                                });
            }
        }
    }

    /**
     * One ledger row against Clerk's answer; what is wrong, and whether it was (or can be) fixed.
     */
    private Optional<Finding> compare(
            LedgerRecord row, Optional<ClerkUser> holder, boolean repair) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("legacy_id", row.legacyId());
        item.put("state", row.state().code());
        item.put("clerk_user_id", row.clerkUserId().orElse(""));
        if (row.state().isInClerk()) {
            if (holder.isPresent()) {
                if (row.clerkUserId().filter(holder.get().id()::equals).isPresent()) {
                    return Optional.empty();
                }
                item.put("clerk_holder", holder.get().id());
                return Optional.of(Finding.left(CLERK_ID_DIFFERS, item, "two Clerk ids"));
            }
            Optional<ClerkUser> own = row.clerkUserId().flatMap(clerk::byId);
            if (own.isPresent()) {
                item.put(
                        "clerk_external_id",
                        Optional.ofNullable(own.get().externalId()).orElse(""));
                return Optional.of(
                        Finding.left(
                                EXTERNAL_ID_REMOVED_IN_CLERK,
                                item,
                                "the Clerk user exists without this legacy id"));
            }
            boolean fixed = repair && rows.tombstone(row.legacyId());
            return Optional.of(
                    Finding.fixable(MISSING_FROM_CLERK, item, repair, fixed, "tombstone"));
        }
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        item.put("clerk_holder", holder.get().id());
        if (UNSETTLED.contains(row.state())) {
            boolean fixed = repair && rows.adoptClerkUser(row.legacyId(), holder.get().id());
            if (repair && !fixed) {
                return Optional.of(
                        Finding.left(
                                UNSETTLED_BUT_IN_CLERK,
                                item,
                                "a migration holds the row right now"));
            }
            return Optional.of(
                    Finding.fixable(UNSETTLED_BUT_IN_CLERK, item, repair, fixed, "mark migrated"));
        }
        return Optional.of(
                Finding.left(
                        REMOVED_BUT_IN_CLERK, item, "delete the Clerk user or the row by hand"));
    }

    /** One discrepancy of one row. */
    private record Finding(String kind, Map<String, String> item, boolean repaired) {
        static Finding left(String kind, Map<String, String> item, String why) {
            item.put("repair", "left for a human: " + why);
            return new Finding(kind, item, false);
        }

        static Finding fixable(
                String kind, Map<String, String> item, boolean repair, boolean fixed, String fix) {
            item.put("repair", fixed ? "done: " + fix : "repairable: " + fix);
            return new Finding(kind, item, !repair || fixed);
        }
    }
}
