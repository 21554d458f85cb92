package dev.trickle.server.proxy.login;

import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** A login route for tests: records what it saw and completes its stages when told to. */
final class RecordingLoginRoute implements LoginRoute {
    final LinkedBlockingQueue<LoginAttempt> beforeForward = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<LegacyResponse> afterResponse = new LinkedBlockingQueue<>();
    volatile CompletableFuture<Void> nextAfterResponse = CompletableFuture.completedFuture(null);
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
    public boolean inspectsResponse() {
        return true;
    }

    @Override
    public Duration maxHold() {
        return maxHold;
    }

    @Override
    public CompletionStage<Void> beforeForward(LoginAttempt attempt) {
        beforeForward.add(attempt);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> afterResponse(LoginAttempt attempt, LegacyResponse response) {
        afterResponse.add(response);
        return nextAfterResponse;
    }
}
