/**
 * The old system's side of a login: whether the legacy app accepted it, and who the user is (from
 * its response, its database, or a follow-up call).
 */
package dev.trickle.core.legacy;
