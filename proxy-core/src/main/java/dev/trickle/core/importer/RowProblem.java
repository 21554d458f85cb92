package dev.trickle.core.importer;

/**
 * Why one row cannot be imported as it is: the field at fault and the reason, both safe to write to
 * the errors file (never a value that could be a password or digest).
 */
public record RowProblem(String field, String reason) {}
