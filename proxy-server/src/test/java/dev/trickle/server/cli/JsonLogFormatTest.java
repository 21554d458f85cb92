package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** logback-json.xml as shipped: structured fields become top-level members of the line. */
final class JsonLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void structuredFieldsAndStackTracesAreTopLevelMembers() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            // The console appender takes System.err when it starts.
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-json.xml"));
            Logger log = context.getLogger("dev.trickle.core.migration.MigrationService");
            log.atInfo()
                    .addKeyValue("request_id", "r-1")
                    .addKeyValue("legacy_id", "42")
                    .addKeyValue("outcome", "created")
                    .log("migration {}", "created");
            log.atWarn().setCause(new IllegalStateException("boom")).log("failed");
        } finally {
            context.stop();
            System.setErr(stderr);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode created = JSON.readTree(lines[0]);
        assertThat(created.path("message").asText()).isEqualTo("migration created");
        assertThat(created.path("request_id").asText()).isEqualTo("r-1");
        assertThat(created.path("legacy_id").asText()).isEqualTo("42");
        assertThat(created.path("outcome").asText()).isEqualTo("created");
        assertThat(created.path("level").asText()).isEqualTo("INFO");
        assertThat(Instant.parse(created.path("@timestamp").asText())).isNotNull();
        assertThat(created.path("@timestamp").asText()).endsWith("Z");
        assertThat(created.has("@version")).isFalse();

        JsonNode failed = JSON.readTree(lines[1]);
        assertThat(failed.path("stack_trace").isTextual()).isTrue();
        assertThat(failed.path("stack_trace").asText()).contains("IllegalStateException: boom");
    }
}
