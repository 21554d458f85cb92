package dev.trickle.server.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code ENV} a Dockerfile stage sets, as the container sees it. */
final class ImageEnvironment {
    private ImageEnvironment() {}

    static Map<String, String> of(Dockerfile.Stage stage) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Dockerfile.Instruction instruction : stage.all("ENV")) {
            for (String assignment : instruction.arguments().strip().split("\\s+")) {
                int equals = assignment.indexOf('=');
                if (equals <= 0) {
                    throw new AssertionError("ENV without NAME=value: " + instruction);
                }
                env.put(assignment.substring(0, equals), assignment.substring(equals + 1));
            }
        }
        return env;
    }

    static Dockerfile.Stage runtime() {
        return Dockerfile.parse(DeployFiles.text(DeployFiles.deploy("Dockerfile"))).runtime();
    }
}
