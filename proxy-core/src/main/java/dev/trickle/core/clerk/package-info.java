/**
 * Non-blocking client for Clerk's Backend API (users endpoints), with typed failures, a
 * deadline-bounded retry policy and the process-wide Clerk rate limits.
 */
package dev.trickle.core.clerk;
