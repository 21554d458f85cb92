package dev.trickle.core.login;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One configured login endpoint. The proxy reads the request body whole (up to {@link
 * #maxBodyBytes()}) and calls {@link #beforeForward}, whose {@link Forwarding} says whether the
 * exact bytes received go on to the legacy app (and whether its answer is held for inspection) or
 * the request is refused. The stage and any inspection must complete normally and within {@link
 * #maxHold()}: past it the proxy goes on regardless.
 */
public interface LoginRoute {
    /** The name used in metrics and logs (a config value, never user data). */
    String name();

    long maxBodyBytes();

    /** The largest legacy response held for inspection; a larger one passes through unheld. */
    default long maxResponseBytes() {
        return 1024 * 1024;
    }

    Duration maxHold();

    CompletionStage<Forwarding> beforeForward(LoginAttempt attempt);

    /**
     * The proxy answered 400 to a request some reading of whose target reaches this route ({@link
     * RouteMatch.Ambiguous}), without reading or forwarding it: for the route's counts and log.
     */
    void refusedAsAmbiguous(String reason);
}
