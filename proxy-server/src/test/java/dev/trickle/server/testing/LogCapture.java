package dev.trickle.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of a test class and, after it, fails if any of them contains a secret
 * the tests registered (passwords typed, digests stored, keys, session cookies): message,
 * structured fields, MDC and stack traces alike.
 */
public final class LogCapture implements BeforeAllCallback, AfterAllCallback {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** Registers a value that must never be logged. */
    public void secret(String value) {
        // Very short values (a digit, "pw") would match innocent text.
        if (value != null && value.length() >= 6) {
            secrets.add(value);
        }
    }

    /** Every event captured so far, rendered whole. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(LogCapture::render).toList();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        List<String> lines = lines();
        assertThat(lines).as("captured log lines").isNotEmpty();
        assertThat(secrets).as("registered secrets").isNotEmpty();
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line carries a secret").doesNotContain(secret);
            }
        }
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line =
                new StringBuilder(event.getLoggerName())
                        .append(' ')
                        .append(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs()
                    .forEach(kv -> line.append(' ').append(kv.key).append('=').append(kv.value));
        }
        event.getMDCPropertyMap()
                .forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return line.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
