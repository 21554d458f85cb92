/**
 * Netty plumbing every listener shares: the transport (epoll or NIO), binding with one clear
 * failure message, and the whole-request HTTP server of the admin port, the demo, the Clerk
 * emulator and the benchmarks. Depends on {@code config} only; {@code proxy}, {@code admin}, {@code
 * demo} and {@code emulator} build on it.
 */
package dev.trickle.server.netty;
