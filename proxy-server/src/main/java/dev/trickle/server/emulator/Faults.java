package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults to inject into every /v1 answer, changeable while running: added latency, a share of
 * errors with a chosen status, or a full outage.
 */
public final class Faults {
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

    public Faults clear() {
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
}
