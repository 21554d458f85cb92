/** The {@code trickle} command line: one picocli command per operator task, shared exit codes. */
package dev.trickle.server.cli;
