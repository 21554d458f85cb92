/**
 * The composition root of every command that touches the migration: {@link
 * dev.trickle.server.runtime.TrickleResources} opens the ledger, Clerk clients, hash pool, legacy
 * database and thread pools from validated configuration and closes them. Depends on {@code core}
 * and {@code config} only.
 */
package dev.trickle.server.runtime;
