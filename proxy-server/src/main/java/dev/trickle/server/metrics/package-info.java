/** Meters of the proxy and admin servers: every name declared once, in {@link ServerMeters}. */
package dev.trickle.server.metrics;
