/**
 * Connections to the legacy app: a pool per event loop (no locks, no cross-thread hand-off) and the
 * handler that passes what the upstream sends to whichever client exchange holds the connection.
 */
package dev.trickle.server.proxy.upstream;
