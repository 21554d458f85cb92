package dev.trickle.server.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a setup script of a test stack (an installer, a user seeder) to completion, bounded. */
final class ChildScript {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ChildScript() {}

    /** Feeds {@code stdin}; returns standard output, or fails with standard error. */
    static String run(ProcessBuilder builder, Path scratch, String stdin)
            throws IOException, InterruptedException {
        Path input = Files.writeString(Files.createTempFile(scratch, "stdin", ".json"), stdin);
        Path output = Files.createTempFile(scratch, "stdout", ".log");
        Path errors = Files.createTempFile(scratch, "stderr", ".log");
        Process p =
                builder.redirectInput(input.toFile())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(builder.command() + " did not finish in " + TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    builder.command()
                            + " failed:\n"
                            + Files.readString(errors)
                            + Files.readString(output));
        }
        return Files.readString(output);
    }

    /** True when {@code command} exits 0 within the timeout (a tool-presence check). */
    static boolean succeeds(String... command) {
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
