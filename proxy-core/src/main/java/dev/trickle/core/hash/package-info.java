/**
 * Legacy password digests: detect the format, verify a password against it on a bounded worker
 * pool, and convert the digest to the {@code password_digest}/{@code password_hasher} pair Clerk
 * imports.
 */
package dev.trickle.core.hash;
