package dev.trickle.core.reconcile;

/**
 * The comparisons that need both whole sides at once, as joins over the {@link ScratchStore}: Clerk
 * users the ledger does not know, emails shared by two users, and legacy coverage. Emails are the
 * legacy table's when its users are streamed, else the ledger's identifiers that are emails.
 */
final class ScratchComparisons {
    private final ScratchStore scratch;
    private final boolean legacyListed;

    ScratchComparisons(ScratchStore scratch, boolean legacyListed) {
        this.scratch = scratch;
        this.legacyListed = legacyListed;
    }

    void addTo(Findings findings) {
        String people =
                legacyListed
                        ? "(SELECT legacy_id, email FROM legacy WHERE email IS NOT NULL)"
                        : "(SELECT legacy_id, email FROM ledger WHERE email IS NOT NULL)";
        scratch.query(
                "SELECT c.id AS clerk_user_id, c.external_id, "
                        + (legacyListed
                                ? "CASE WHEN l.legacy_id IS NULL THEN 'no' ELSE 'yes' END"
                                : "'not_checked'")
                        + " AS in_legacy FROM clerk c LEFT JOIN legacy l ON l.legacy_id ="
                        + " c.external_id WHERE c.external_id IS NOT NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM ledger r WHERE r.legacy_id = c.external_id)"
                        + " ORDER BY c.external_id",
                row -> findings.add(Reconciliation.UNKNOWN_EXTERNAL_ID, row));
        scratch.query(
                "SELECT c.id AS clerk_user_id, e.email, p.legacy_id FROM clerk c"
                        + " JOIN clerk_email e ON e.user_id = c.id JOIN "
                        + people
                        + " p ON p.email = e.email WHERE c.external_id IS NULL"
                        + " ORDER BY e.email",
                row -> findings.add(Reconciliation.EMAIL_MATCHES_LEGACY_USER, row));
        scratch.query(
                "SELECT email, group_concat(legacy_id, ' ') AS legacy_ids FROM "
                        + people
                        + " p GROUP BY email HAVING COUNT(*) > 1 ORDER BY email",
                row -> findings.add(Reconciliation.EMAIL_OF_TWO_USERS, row));
        scratch.query(
                "SELECT p.email, p.legacy_id, c.id AS clerk_user_id, c.external_id AS"
                        + " clerk_external_id FROM "
                        + people
                        + " p JOIN clerk_email e ON e.email = p.email JOIN clerk c ON c.id ="
                        + " e.user_id WHERE c.external_id IS NOT NULL AND c.external_id <>"
                        + " p.legacy_id ORDER BY p.email",
                row -> findings.add(Reconciliation.EMAIL_OF_TWO_USERS, row));
        if (legacyListed) {
            findings.declare(Reconciliation.LEGACY_NOT_IN_CLERK);
            findings.declare(Reconciliation.LEDGER_NOT_IN_LEGACY);
            scratch.query(
                    "SELECT l.legacy_id FROM legacy l WHERE NOT EXISTS"
                            + " (SELECT 1 FROM clerk c WHERE c.external_id = l.legacy_id)"
                            + " ORDER BY l.legacy_id",
                    row -> findings.add(Reconciliation.LEGACY_NOT_IN_CLERK, row));
            scratch.query(
                    "SELECT r.legacy_id, r.state FROM ledger r WHERE NOT EXISTS"
                            + " (SELECT 1 FROM legacy l WHERE l.legacy_id = r.legacy_id)"
                            + " ORDER BY r.legacy_id",
                    row -> findings.add(Reconciliation.LEDGER_NOT_IN_LEGACY, row));
        }
    }
}
