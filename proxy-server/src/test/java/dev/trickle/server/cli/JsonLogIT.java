package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code TRICKLE_LOG_FORMAT=json} from the packaged jar, as a log pipeline reads it: every stderr
 * line one JSON object of flat fields, time in ISO-8601. {@link JsonLogFormatTest} shows the
 * structured fields among them.
 */
final class JsonLogIT {
    private static final Path JAR = Path.of("target", "trickle-demo.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineTheDemoLogsIsAFlatJsonObjectAPipelineIndexesAsItComes() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder =
                new ProcessBuilder(
                                java.toString(),
                                "-Xmx256m",
                                "-jar",
                                JAR.toString(),
                                "demo",
                                "--listen=127.0.0.1:0",
                                "--admin-listen=127.0.0.1:0",
                                "--legacy-listen=127.0.0.1:0",
                                "--clerk-listen=127.0.0.1:0",
                                "--logins=3",
                                "--exit-when-done")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(LogFormat.VARIABLE, "json");
        Process process = builder.start();
        String stderr;
        try {
            stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            // The JVM's own warnings (newer JDKs name Guava's use of sun.misc.Unsafe, which only
            // the demo jar's emulator carries) are not log lines.
            if (!line.isBlank() && !line.startsWith("WARNING: ")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).isNotEmpty();
        for (JsonNode line : lines) {
            assertThat(line.isObject()).isTrue();
            for (Map.Entry<String, JsonNode> field : line.properties()) {
                assertThat(field.getValue().isContainerNode())
                        .as("%s is a flat field in %s", field.getKey(), line)
                        .isFalse();
            }
            assertThat(Instant.parse(line.path("@timestamp").asText())).isNotNull();
            assertThat(line.path("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(line.path("message").asText()).isNotEmpty();
            assertThat(line.path("logger_name").asText()).startsWith("dev.trickle");
        }
        assertThat(process.exitValue()).isZero();
    }
}
