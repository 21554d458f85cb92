/**
 * Login interception in the pipeline: read a login body whole, let the core decide what to do
 * before it is forwarded, and hold the legacy app's answer while the core inspects it.
 */
package dev.trickle.server.proxy.login;
