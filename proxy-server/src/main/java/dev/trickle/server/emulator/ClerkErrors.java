package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.UUID;

/**
 * Clerk's error envelope: {@code {"errors":[{message, long_message, code, meta}], clerk_trace_id}}.
 */
final class ClerkErrors {
    private ClerkErrors() {}

    static EmulatorResponse of(
            HttpResponseStatus status, String code, String message, String longMessage) {
        return of(status, code, message, longMessage, null);
    }

    static EmulatorResponse of(
            HttpResponseStatus status,
            String code,
            String message,
            String longMessage,
            String paramName) {
        ObjectNode body = EmulatorJson.MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("message", message).put("long_message", longMessage).put("code", code);
        ObjectNode meta = error.putObject("meta");
        if (paramName != null) {
            meta.put("param_name", paramName);
        }
        body.putObject("meta");
        body.put("clerk_trace_id", UUID.randomUUID().toString().replace("-", ""));
        return new EmulatorResponse(status, body);
    }

    static EmulatorResponse notFound(String what) {
        return of(
                HttpResponseStatus.NOT_FOUND,
                "resource_not_found",
                "not found",
                "No " + what + " was found");
    }

    static EmulatorResponse identifierExists(String param) {
        return of(
                HttpResponseStatus.UNPROCESSABLE_ENTITY,
                "form_identifier_exists",
                "That " + param.replace('_', ' ') + " is taken. Please try another.",
                "That " + param.replace('_', ' ') + " is taken. Please try another.",
                param);
    }

    /** A required parameter not sent, worded as Clerk words it. */
    static EmulatorResponse missing(String param) {
        return invalid("form_param_missing", param, param + " must be included.");
    }

    static EmulatorResponse invalid(String code, String param, String message) {
        return of(HttpResponseStatus.UNPROCESSABLE_ENTITY, code, message, message, param);
    }
}
