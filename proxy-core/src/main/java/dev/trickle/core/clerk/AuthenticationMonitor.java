package dev.trickle.core.clerk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a rejected secret key loud exactly once: an error log and listener call on the transition
 * to {@link ClerkHealth#AUTHENTICATION_FAILED} (not per request, which would flood the log), a
 * counter per failure, and a gauge readiness can alert on. A later success (key fixed at Clerk's
 * side) turns it back to {@link ClerkHealth#UP}.
 */
final class AuthenticationMonitor {
    private static final Logger log = LoggerFactory.getLogger(AuthenticationMonitor.class);

    private final AtomicReference<ClerkHealth> health = new AtomicReference<>(ClerkHealth.UP);
    private final List<Consumer<ClerkHealth>> listeners = new CopyOnWriteArrayList<>();
    private final Counter failures;

    AuthenticationMonitor(MeterRegistry registry) {
        this.failures =
                Counter.builder(ClerkMeters.AUTH_FAILURES)
                        .description("Clerk answers 401/403: the secret key is not accepted")
                        .register(registry);
        Gauge.builder(ClerkMeters.AUTHENTICATED, health, h -> h.get() == ClerkHealth.UP ? 1.0 : 0.0)
                .description("1 while Clerk accepts the secret key, 0 after a 401/403")
                .register(registry);
    }

    ClerkHealth health() {
        return health.get();
    }

    void addListener(Consumer<ClerkHealth> listener) {
        listeners.add(listener);
    }

    void failed(ClerkError error) {
        failures.increment();
        if (health.getAndSet(ClerkHealth.AUTHENTICATION_FAILED) == ClerkHealth.UP) {
            log.error(
                    "Clerk rejected the configured secret key (HTTP {}, code {}): check clerk.secretKey;"
                            + " Clerk calls will fail until it is fixed",
                    error.httpStatus(),
                    error.code());
            listeners.forEach(l -> l.accept(ClerkHealth.AUTHENTICATION_FAILED));
        }
    }

    void succeeded() {
        if (health.get() != ClerkHealth.UP
                && health.getAndSet(ClerkHealth.UP) == ClerkHealth.AUTHENTICATION_FAILED) {
            log.info("Clerk accepts the secret key again");
            listeners.forEach(l -> l.accept(ClerkHealth.UP));
        }
    }
}
