/** The migration ledger: one durable row per legacy user, claimed exactly once across replicas. */
package dev.trickle.core.ledger;
