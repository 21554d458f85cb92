/**
 * The migration ledger: one row per legacy user saying whether, when and as whom they reached
 * Clerk, shared by every replica, so each user is created exactly once. Never holds a password or a
 * digest.
 */
package dev.trickle.core.ledger;
