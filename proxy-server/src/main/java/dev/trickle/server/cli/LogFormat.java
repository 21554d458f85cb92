package dev.trickle.server.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * Picks the logging configuration from {@code TRICKLE_LOG_FORMAT} before anything logs: {@code
 * text} (the default) or {@code json}. An explicit {@code -Dlogback.configurationFile} wins.
 */
final class LogFormat {
    static final String VARIABLE = "TRICKLE_LOG_FORMAT";
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";

    private LogFormat() {}

    /** Empty when applied; else the one-line problem to report. */
    static Optional<String> apply(String value) {
        if (value == null || value.isBlank() || System.getProperty(LOGBACK_PROPERTY) != null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text":
                return Optional.empty();
            case "json":
                System.setProperty(LOGBACK_PROPERTY, "logback-json.xml");
                return Optional.empty();
            default:
                return Optional.of(VARIABLE + ": " + value + " (expected: text or json)");
        }
    }
}
