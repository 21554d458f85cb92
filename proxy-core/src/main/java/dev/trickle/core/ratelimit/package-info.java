/** Asynchronous token buckets that pace calls to a rate-limited remote API within a deadline. */
package dev.trickle.core.ratelimit;
