package dev.trickle.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resources a kustomization directory stands for: its {@code resources} (files and bases,
 * recursively) and the ConfigMaps its {@code configMapGenerator} makes. Enough of kustomize for the
 * kit, which uses no patches; {@code .ci/deploy-checks.sh} also renders it with kubectl.
 */
record Kustomization(Path dir, List<JsonNode> resources, List<Path> files) {
    static Kustomization load(Path dir) {
        List<JsonNode> resources = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        collect(dir, resources, files);
        return new Kustomization(dir, List.copyOf(resources), List.copyOf(files));
    }

    private static void collect(Path dir, List<JsonNode> resources, List<Path> files) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new AssertionError("no kustomization.yaml in " + dir);
        }
        JsonNode kustomization = DeployFiles.yaml(file);
        for (String entry : DeployFiles.strings(kustomization.path("resources"))) {
            Path resource = dir.resolve(entry).normalize();
            if (Files.isDirectory(resource)) {
                collect(resource, resources, files);
            } else if (Files.exists(resource)) {
                files.add(resource);
                resources.addAll(DeployFiles.yamlDocuments(resource));
            } else {
                throw new AssertionError(file + " lists " + entry + ", which does not exist");
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ObjectNode configMap = JsonNodeFactory.instance.objectNode();
            configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
            configMap.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = configMap.putObject("data");
            for (String entry : DeployFiles.strings(generator.path("files"))) {
                Path source = dir.resolve(entry).normalize();
                files.add(source);
                data.put(source.getFileName().toString(), DeployFiles.text(source));
            }
            resources.add(configMap);
        }
    }

    List<JsonNode> all(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    JsonNode one(String kind) {
        List<JsonNode> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError(dir + ": expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }
}
