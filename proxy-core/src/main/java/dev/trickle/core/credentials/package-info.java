/**
 * Reads the login identifier and password out of a login request (form fields, JSON pointers or
 * HTTP Basic) without ever letting the password reach a log or a message.
 */
package dev.trickle.core.credentials;
