package dev.trickle.core.reconcile;

import java.util.Map;

/**
 * What {@link Reconciliation} found and did.
 *
 * @param repair whether {@code --repair} ran (otherwise {@code repairs} says what it would fix)
 * @param ledgerByState ledger rows by state, before any repair
 * @param clerkTotal Clerk's user count; {@code clerkListed} users seen walking the listing
 * @param legacyCount the legacy {@code countQuery}'s answer, {@code null} when not configured
 * @param legacyListed rows of the streaming legacy users query, {@code null} when not configured
 * @param findings by kind: discrepancies (see {@link Reconciliation#DISCREPANCIES}) and
 *     informational counts
 * @param repairs by kind, rows fixed (or fixable, without {@code repair})
 * @param unresolved discrepancies left for a human after the repairs
 */
public record ReconcileReport(
        boolean repair,
        Map<String, Long> ledgerByState,
        long clerkTotal,
        long clerkListed,
        Long legacyCount,
        Long legacyListed,
        Map<String, Findings.Tally> findings,
        Map<String, Long> repairs,
        long unresolved) {}
