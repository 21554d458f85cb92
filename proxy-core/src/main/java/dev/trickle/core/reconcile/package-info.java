/**
 * Cutover tools over the ledger, Clerk and the legacy user table: the id mapping export, the
 * rollback of users Trickle created, and the reconciliation of the three.
 */
package dev.trickle.core.reconcile;
