/**
 * The client-facing reverse proxy: listener, pipeline, one handler per concern, and the exchange
 * that streams each request to the upstream and its response back.
 */
package dev.trickle.server.proxy;
