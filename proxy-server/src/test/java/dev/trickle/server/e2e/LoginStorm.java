package dev.trickle.server.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many logins at once from a bounded number of client threads, bounded in time: what does not
 * finish within the limit is cancelled and reported as a failure, so a storm cannot hang a build.
 */
public final class LoginStorm {
    private LoginStorm() {}

    /** What each login returned, or the exception it failed with, in submission order. */
    public record Result<T>(List<T> answers, List<Throwable> failures) {}

    public static <T> Result<T> run(int clients, Duration limit, List<Callable<T>> logins)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures =
                    pool.invokeAll(logins, limit.toMillis(), TimeUnit.MILLISECONDS);
            List<T> answers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    answers.add(f.get());
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (java.util.concurrent.CancellationException e) {
                    failures.add(e);
                }
            }
            return new Result<>(answers, failures);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
