/** Vocabulary shared by every {@code *Settings} record: problem reporting, secrets, units. */
package dev.trickle.core.config;
