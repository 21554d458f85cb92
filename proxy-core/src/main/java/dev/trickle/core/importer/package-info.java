/**
 * Bulk import of the users a trickle migration did not reach: streaming readers for each source
 * format, per-row validation, and a bounded, resumable run through the migration service.
 */
package dev.trickle.core.importer;
