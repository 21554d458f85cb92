/**
 * {@code trickle demo}: a small but real legacy app (login form with CSRF, JSON login, a user table
 * in SQLite with bcrypt hashes) and a driver that logs its users in through the proxy.
 */
package dev.trickle.server.demo;
