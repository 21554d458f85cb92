/**
 * Which users the migration reaches and how: the mode (passthrough, shadow, migrate), the rollout
 * percentage and allow/deny lists, and the run-time override (the kill switch) shared through the
 * ledger by every replica.
 */
package dev.trickle.core.rollout;
