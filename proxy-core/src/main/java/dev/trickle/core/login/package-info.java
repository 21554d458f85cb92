/**
 * The port between the proxy and the migration logic: which requests are logins, and what happens
 * before a login is forwarded and after the legacy app answered it.
 */
package dev.trickle.core.login;
