/** What every module's meters share: the histogram buckets. Depends on nothing in Trickle. */
package dev.trickle.core.metrics;
