package dev.trickle.core.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What a rate limiter answered: go ahead (possibly after waiting), or not before the deadline. */
public sealed interface RateLimitDecision {

    /** The caller may proceed; it was (or will have been) held back for {@code waited}. */
    record Granted(Duration waited) implements RateLimitDecision {
        public Granted {
            requireNonNull(waited, "waited");
        }
    }

    /**
     * No permit is free before the caller's deadline; nothing was consumed. {@code wouldWait} is
     * how long the caller would have had to wait.
     */
    record WouldExceedDeadline(Duration wouldWait) implements RateLimitDecision {
        public WouldExceedDeadline {
            requireNonNull(wouldWait, "wouldWait");
        }
    }
}
