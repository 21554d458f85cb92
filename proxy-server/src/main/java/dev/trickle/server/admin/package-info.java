/** The admin listener, on its own port: health probes and the Prometheus scrape endpoint. */
package dev.trickle.server.admin;
