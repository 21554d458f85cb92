/**
 * Admission within a deadline: token buckets that pace calls to a rate-limited remote API, and
 * bounded pools that drop work its login no longer waits for.
 */
package dev.trickle.core.ratelimit;
