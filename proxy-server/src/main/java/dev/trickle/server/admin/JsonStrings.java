package dev.trickle.server.admin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Quotes a string for hand-built JSON bodies. */
final class JsonStrings {
    private JsonStrings() {}

    static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
