/**
 * {@code trickle import}'s composition: the configured Clerk client, ledger and service, wired to a
 * source.
 */
package dev.trickle.server.importing;
