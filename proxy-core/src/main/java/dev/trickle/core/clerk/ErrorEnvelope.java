package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** Wire shape of Clerk's {@code ClerkErrors}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ErrorEnvelope(List<Entry> errors, String clerkTraceId) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String code, String message, String longMessage, Map<String, Object> meta) {}
}
