/**
 * The admin listener, on its own port: health probes, the Prometheus scrape endpoint, the migration
 * status JSON and the dashboard page that draws it.
 */
package dev.trickle.server.admin;
