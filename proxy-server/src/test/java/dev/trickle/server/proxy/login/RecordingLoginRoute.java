package dev.trickle.server.proxy.login;

import dev.trickle.core.login.Forwarding;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A login route for tests: records what it saw, holds each answer for inspection (or refuses, when
 * told to) and completes its stages when told to.
 */
final class RecordingLoginRoute implements LoginRoute {
    final LinkedBlockingQueue<LoginAttempt> beforeForward = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<LegacyResponse> afterResponse = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> ambiguous = new LinkedBlockingQueue<>();
    volatile CompletableFuture<Void> nextAfterResponse = CompletableFuture.completedFuture(null);

    /** When set, the next logins are refused with it instead of forwarded. */
    volatile Forwarding.Refused refusal;

    private final long maxBodyBytes;
    private final Duration maxHold;

    RecordingLoginRoute(long maxBodyBytes, Duration maxHold) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxHold = maxHold;
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public Duration maxHold() {
        return maxHold;
    }

    @Override
    public CompletionStage<Forwarding> beforeForward(LoginAttempt attempt) {
        beforeForward.add(attempt);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        return CompletableFuture.completedFuture(
                new Forwarding.Held(
                        response -> {
                            afterResponse.add(response);
                            return nextAfterResponse;
                        }));
    }

    @Override
    public void refusedAsAmbiguous(String reason) {
        ambiguous.add(reason);
    }
}
