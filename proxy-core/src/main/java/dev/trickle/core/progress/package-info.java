/**
 * Where the migration stands, for operators: the ledger census and its gauges, cutover readiness
 * and its forecast, and the status page's JSON. Reads counts; never migrates anyone.
 */
package dev.trickle.core.progress;
