package dev.trickle.core.clerk;

import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.ratelimit.Deadline;
import dev.trickle.core.ratelimit.KeyedRateLimiter;
import dev.trickle.core.ratelimit.RateLimitDecision;
import dev.trickle.core.ratelimit.TokenBucket;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ClerkCall} to a result: takes rate-limit permits, sends, classifies the answer and
 * retries retryable failures with jittered backoff while the next attempt can start before the
 * caller's deadline. No thread waits: pauses are scheduled.
 *
 * <pre>
 *   permit (user bucket, then instance bucket) ──▶ send ──▶ value ──▶ done
 *        │ none before deadline                       │ failure
 *        ▼                                            ▼
 *   last failure or DEADLINE_EXCEEDED       retryable, replayable, time left?
 *                                              yes: schedule after backoff (≥ Retry-After)
 *                                              no:  done with this failure
 * </pre>
 */
final class CallRunner {
    /** Pause when Clerk answers 429 without a usable {@code Retry-After}. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(CallRunner.class);

    private final ClerkTransport transport;
    private final FailureClassifier classifier;
    private final TokenBucket instanceLimiter;
    private final KeyedRateLimiter userLimiter;
    private final ClerkSettings settings;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Executor executor;
    private final DoubleSupplier random;
    private final ClerkMetrics metrics;
    private final AuthenticationMonitor auth;

    CallRunner(
            ClerkTransport transport,
            TokenBucket instanceLimiter,
            KeyedRateLimiter userLimiter,
            ClerkSettings settings,
            Ticker ticker,
            Scheduler scheduler,
            Executor executor,
            DoubleSupplier random,
            ClerkMetrics metrics,
            AuthenticationMonitor auth) {
        this.transport = transport;
        this.classifier = new FailureClassifier(ClerkJson.MAPPER);
        this.instanceLimiter = instanceLimiter;
        this.userLimiter = userLimiter;
        this.settings = settings;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.executor = executor;
        this.random = random;
        this.metrics = metrics;
        this.auth = auth;
    }

    <T> CompletableFuture<ClerkResult<T>> run(ClerkCall<T> call, Deadline deadline) {
        CompletableFuture<ClerkResult<T>> result = new CompletableFuture<>();
        attempt(call, deadline, 1, null, result);
        return result;
    }

    private <T> void attempt(
            ClerkCall<T> call,
            Deadline deadline,
            int attempt,
            ClerkError previous,
            CompletableFuture<ClerkResult<T>> result) {
        permits(call, deadline)
                .thenCompose(
                        granted -> {
                            Duration left = deadline.remainingAt(ticker.read());
                            if (!granted || left.isZero()) {
                                return CompletableFuture.completedFuture(
                                        previous != null
                                                ? ClerkResult.<T>failed(previous)
                                                : ClerkResult.<T>failed(
                                                        deadlineExceeded(attempt - 1)));
                            }
                            return send(call, attempt, min(settings.requestTimeout(), left));
                        })
                .whenComplete(
                        (outcome, bug) -> {
                            if (bug != null) {
                                result.completeExceptionally(bug);
                            } else if (outcome.isOk() || outcome.error() == previous) {
                                result.complete(outcome);
                            } else {
                                afterFailure(call, deadline, attempt, outcome.error(), result);
                            }
                        });
    }

    private <T> CompletableFuture<ClerkResult<T>> send(
            ClerkCall<T> call, int attempt, Duration timeout) {
        long start = ticker.read();
        return transport
                .send(call.method(), call.pathAndQuery(), call.body(), timeout)
                .handle(
                        (response, thrown) -> {
                            ClerkResult<T> outcome =
                                    thrown != null
                                            ? ClerkResult.failed(classifier.classify(thrown))
                                            : read(call, response);
                            ClerkError error = outcome.isOk() ? null : outcome.error();
                            int status = response == null ? 0 : response.statusCode();
                            metrics.attempt(call.operation(), status, error, ticker.read() - start);
                            observeAuthentication(status, error);
                            log.debug(
                                    "Clerk {} attempt {}: HTTP {} {}",
                                    call.operation(),
                                    attempt,
                                    status,
                                    ClerkMetrics.outcome(error));
                            return error == null
                                    ? outcome
                                    : ClerkResult.failed(error.withAttempts(attempt));
                        });
    }

    private <T> ClerkResult<T> read(ClerkCall<T> call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            T value = call.reader().read(status, response.body());
            if (value != null) {
                return ClerkResult.ok(value);
            }
        } catch (IOException unreadable) {
            // A 2xx we cannot read may still have been applied.
            return ClerkResult.failed(
                    new ClerkError(
                            ClerkFailure.REJECTED,
                            status,
                            "unreadable_response",
                            null,
                            null,
                            true,
                            1,
                            null,
                            "response body does not match the expected schema"));
        }
        return ClerkResult.failed(
                classifier.classify(status, response.body(), retryAfter(response)));
    }

    private void observeAuthentication(int status, ClerkError error) {
        if (error != null && error.failure() == ClerkFailure.AUTHENTICATION) {
            auth.failed(error);
        } else if (status > 0) {
            auth.succeeded();
        }
    }

    private <T> void afterFailure(
            ClerkCall<T> call,
            Deadline deadline,
            int attempt,
            ClerkError error,
            CompletableFuture<ClerkResult<T>> result) {
        Duration retryAfter = null;
        if (error.failure() == ClerkFailure.RATE_LIMITED) {
            retryAfter = error.retryAfterDuration().orElse(DEFAULT_RETRY_AFTER);
            instanceLimiter.pause(retryAfter);
            if (call.userKey() != null) {
                userLimiter.pause(call.userKey(), retryAfter);
            }
        }
        boolean mayRetry =
                error.failure().retryable()
                        && (call.replayable() || !error.ambiguous())
                        && attempt < settings.retry().maxAttempts();
        if (!mayRetry) {
            result.complete(ClerkResult.failed(error));
            return;
        }
        Duration delay = settings.retry().backoffBefore(attempt + 1, random.getAsDouble());
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        if (!deadline.allowsStartAt(ticker.read() + delay.toNanos())) {
            result.complete(ClerkResult.failed(error));
            return;
        }
        metrics.retry(call.operation(), error);
        scheduler.schedule(
                executor,
                () -> attempt(call, deadline, attempt + 1, error, result),
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private CompletableFuture<Boolean> permits(ClerkCall<?> call, Deadline deadline) {
        if (call.userKey() == null) {
            return permit("instance", instanceLimiter.acquire(deadline));
        }
        return permit("user", userLimiter.acquire(call.userKey(), deadline))
                .thenCompose(
                        granted ->
                                granted
                                        ? permit("instance", instanceLimiter.acquire(deadline))
                                        : CompletableFuture.completedFuture(false));
    }

    private CompletableFuture<Boolean> permit(
            String limiter, CompletableFuture<RateLimitDecision> decision) {
        return decision.thenApply(
                d -> {
                    if (d instanceof RateLimitDecision.Granted granted) {
                        metrics.limiterWait(limiter, granted.waited());
                        return true;
                    }
                    metrics.limiterRejected(limiter);
                    return false;
                });
    }

    private static ClerkError deadlineExceeded(int attemptsSoFar) {
        return ClerkError.clientSide(
                        ClerkFailure.DEADLINE_EXCEEDED,
                        "deadline_exceeded",
                        false,
                        "no rate-limit permit or time left before the caller's deadline")
                .withAttempts(attemptsSoFar);
    }

    private static Duration retryAfter(HttpResponse<byte[]> response) {
        return response.headers()
                .firstValue("Retry-After")
                .flatMap(CallRunner::seconds)
                .orElse(null);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
