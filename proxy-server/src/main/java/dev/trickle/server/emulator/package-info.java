/**
 * {@code trickle clerk-emulator}: the part of Clerk's Backend API a migration uses, in memory,
 * written from Clerk's OpenAPI description (shipped in the jar) and checked against it on every
 * request, with Clerk's error envelopes, rate limits and 429s, and faults on demand.
 */
package dev.trickle.server.emulator;
