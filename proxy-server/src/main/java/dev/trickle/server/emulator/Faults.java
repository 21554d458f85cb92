package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Faults to inject into every /v1 answer, changeable while running: added latency, a share of
 * errors with a chosen status, a full outage, or user creates held until a test releases them.
 */
public final class Faults {
    /** A held create gives up after this, so a test that forgets to release cannot hang. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private volatile Hold hold;
    private volatile Duration latency = Duration.ZERO;
    private volatile double errorRate;
    private volatile int errorStatus = 503;
    private volatile boolean outage;

    public Faults latency(Duration value) {
        latency = value;
        return this;
    }

    public Faults errorRate(double rate, int status) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("error_rate: " + rate + " (expected: 0 to 1)");
        }
        errorRate = rate;
        errorStatus = status;
        return this;
    }

    public Faults outage(boolean value) {
        outage = value;
        return this;
    }

    /**
     * Holds every {@code POST /v1/users} from now on before it is applied, until {@link
     * Hold#release()}: a test can act while a create is in flight, without timing anything.
     */
    public Hold holdUserCreates() {
        Hold next = new Hold();
        hold = next;
        return next;
    }

    /** Waits here while user creates are held; called on an emulator worker thread. */
    void awaitRelease(String method, String uri) {
        Hold current = hold;
        if (current != null
                && method.equals("POST")
                && uri.startsWith("/v1/users")
                && !uri.startsWith("/v1/users/")) {
            current.pass();
        }
    }

    public Faults clear() {
        Hold held = hold;
        hold = null;
        if (held != null) {
            held.release();
        }
        latency = Duration.ZERO;
        errorRate = 0;
        errorStatus = 503;
        outage = false;
        return this;
    }

    Duration latency() {
        return latency;
    }

    /** The status to fail this request with, or 0 to answer normally. */
    int failureFor() {
        if (outage) {
            return 503;
        }
        return errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate
                ? errorStatus
                : 0;
    }

    void apply(JsonNode json) {
        if (json.has("latency_ms")) {
            latency(Duration.ofMillis(json.get("latency_ms").asLong()));
        }
        if (json.has("error_rate")) {
            errorRate(json.get("error_rate").asDouble(), json.path("error_status").asInt(503));
        }
        if (json.has("outage")) {
            outage(json.get("outage").asBoolean());
        }
    }

    JsonNode toJson() {
        return EmulatorJson.MAPPER
                .createObjectNode()
                .put("latency_ms", latency.toMillis())
                .put("error_rate", errorRate)
                .put("error_status", errorStatus)
                .put("outage", outage);
    }

    /** User creates held in the emulator: the test sees them arrive and lets them through. */
    public static final class Hold {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Whether a create arrived and is being held, waiting up to {@code timeout}. */
        public boolean awaitArrival(Duration timeout) throws InterruptedException {
            return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Lets every held create (and every later one) through. */
        public void release() {
            released.countDown();
        }

        private void pass() {
            arrived.countDown();
            try {
                released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
