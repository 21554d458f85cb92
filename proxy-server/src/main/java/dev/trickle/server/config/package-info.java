/**
 * Maps the YAML configuration file onto immutable records, substituting environment variables and
 * reporting every problem at once as {@code path: value (expected: ...)}.
 */
package dev.trickle.server.config;
