package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@code java -jar trickle.jar hash verify} as operators do, with stdin piped in. */
final class HashCommandIT {
    private static final Path JAR = Path.of("target", "trickle.jar");

    @Test
    void verifyReadsStdinAndWritesJsonLinesFromThePackagedJar() throws Exception {
        assertThat(JAR).exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process =
                new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "hash", "verify")
                        .redirectErrorStream(true)
                        .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(
                    ("{\"digest\": \"$P$B1G7iPsOFkJ/N3obUQ8xiGUIdDyNcW/\", \"password\": \"s3cret-pw\"}\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output.strip())
                .isEqualTo(
                        "{\"match\":false,\"format\":\"phpass\",\"clerk_hasher\":\"phpass\","
                                + "\"clerk_digest\":\"$P$B1G7iPsOFkJ/N3obUQ8xiGUIdDyNcW/\",\"error\":null}");
    }
}
