package dev.trickle.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** deploy/compose/docker-compose.yml, with the image's defaults filled in where compose would. */
final class ComposeStack {
    static final Path DIR = DeployFiles.deploy("compose");
    static final String TRICKLE_IMAGE = "trickle:local";

    /** The same Dockerfile built with {@code JAR=trickle-demo.jar}: the demo and the emulator. */
    static final String DEMO_IMAGE = "trickle-demo:local";

    final JsonNode services;

    ComposeStack() {
        this.services = DeployFiles.yaml(DIR.resolve("docker-compose.yml")).path("services");
    }

    JsonNode service(String name) {
        JsonNode service = services.path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("no service " + name + " in docker-compose.yml");
        }
        return service;
    }

    /** The arguments the image's jar gets in a service running a Trickle image. */
    List<String> trickleArguments(String name) {
        JsonNode service = service(name);
        String image = service.path("image").asText();
        if (!image.equals(TRICKLE_IMAGE) && !image.equals(DEMO_IMAGE)) {
            throw new AssertionError(
                    name + " runs neither " + TRICKLE_IMAGE + " nor " + DEMO_IMAGE);
        }
        if (service.has("command")) {
            return DeployFiles.strings(service.path("command"));
        }
        return ImageEnvironment.runtime().last("CMD").words();
    }

    /**
     * The jar a Trickle-image service runs, as the Dockerfile's {@code JAR} build argument names.
     */
    String jar(String name) {
        return service(name).path("build").path("args").path("JAR").asText("trickle.jar");
    }

    /** The environment of a Trickle-image service: the image's ENV, then the service's. */
    Map<String, String> environment(String name) {
        Map<String, String> env = new HashMap<>(ImageEnvironment.of(ImageEnvironment.runtime()));
        service(name)
                .path("environment")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** Bind mounts as host path (resolved against the compose directory) → container path. */
    Map<Path, String> bindMounts(String name) {
        Map<Path, String> mounts = new HashMap<>();
        for (String volume : volumes(name)) {
            String[] parts = volume.split(":");
            if (parts[0].startsWith(".")) {
                mounts.put(DIR.resolve(parts[0]).normalize(), parts[1]);
            }
        }
        return mounts;
    }

    /** Named volumes as volume name → container path. */
    Map<String, String> namedVolumes(String name) {
        Map<String, String> mounts = new HashMap<>();
        for (String volume : volumes(name)) {
            String[] parts = volume.split(":");
            if (!parts[0].startsWith(".") && !parts[0].startsWith("/")) {
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    private List<String> volumes(String name) {
        JsonNode volumes = service(name).path("volumes");
        return volumes.isMissingNode() ? List.of() : DeployFiles.strings(volumes);
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        services.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    /** The argument after {@code option} in a command line. */
    static String argument(List<String> args, String option) {
        int at = args.indexOf(option);
        if (at < 0 || at + 1 >= args.size()) {
            throw new AssertionError("no " + option + " in " + args);
        }
        return args.get(at + 1);
    }
}
