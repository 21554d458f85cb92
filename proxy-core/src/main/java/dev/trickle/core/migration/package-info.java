/**
 * Lazy migration: decide whether a verified login should move its user to Clerk, and do it exactly
 * once, within the login's time budget or later in the background.
 */
package dev.trickle.core.migration;
