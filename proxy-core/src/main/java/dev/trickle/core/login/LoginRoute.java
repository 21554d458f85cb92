package dev.trickle.core.login;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One configured login endpoint. The proxy reads the request body whole (up to {@link
 * #maxBodyBytes()}), calls {@link #beforeForward}, forwards exactly the bytes it received, and,
 * when {@link #inspectsResponse()}, holds the legacy response until {@link #afterResponse} is done.
 * Both stages must complete normally and within {@link #maxHold()}: a login never fails because of
 * what happens here; past the hold limit the proxy goes on regardless.
 */
public interface LoginRoute {
    /** The name used in metrics and logs (a config value, never user data). */
    String name();

    long maxBodyBytes();

    boolean inspectsResponse();

    /** The largest legacy response held for inspection; a larger one passes through unheld. */
    default long maxResponseBytes() {
        return 1024 * 1024;
    }

    Duration maxHold();

    CompletionStage<Void> beforeForward(LoginAttempt attempt);

    CompletionStage<Void> afterResponse(LoginAttempt attempt, LegacyResponse response);
}
