package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** A JSON answer of the emulator, with extra headers (Retry-After) when needed. */
record EmulatorResponse(HttpResponseStatus status, JsonNode body, Map<String, String> headers) {
    EmulatorResponse(HttpResponseStatus status, JsonNode body) {
        this(status, body, Map.of());
    }

    static EmulatorResponse ok(JsonNode body) {
        return new EmulatorResponse(HttpResponseStatus.OK, body);
    }

    EmulatorResponse withHeader(String name, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new EmulatorResponse(status, body, all);
    }
}
