package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit's ExecStart, run as systemd would (with the built jar and a broken configuration in
 * place of the installed ones), exits with a status the unit does not restart on.
 */
final class SystemdUnitIT {
    @TempDir Path dir;

    @Test
    void aBrokenConfigurationEndsWithAStatusThatStopsTheRestartLoop() throws Exception {
        SystemdUnit unit =
                SystemdUnit.parse(DeployFiles.text(DeployFiles.deploy("systemd/trickle.service")));
        Path config = dir.resolve("trickle.yml");
        Files.writeString(config, "upstream:\n  url: http://127.0.0.1:1\n  maxConections: 10\n");
        List<String> command = new ArrayList<>();
        for (String word : unit.value("Service", "ExecStart").split("\\s+")) {
            if (word.equals("/usr/bin/java")) {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            } else if (word.equals(unit.jar())) {
                command.add(Path.of("target/trickle.jar").toAbsolutePath().toString());
            } else if (word.equals("/etc/trickle/trickle.yml")) {
                command.add(config.toString());
            } else {
                command.add(word);
            }
        }
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output =
                    new String(
                            process.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            assertThat(output).contains("upstream.maxConections: unknown key");
            assertThat(List.of(unit.value("Service", "RestartPreventExitStatus").split("\\s+")))
                    .contains(String.valueOf(process.exitValue()));
        } finally {
            process.destroyForcibly();
        }
    }
}
