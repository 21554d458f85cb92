package dev.trickle.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.core.hash.HashSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads {@code trickle.yml}, substitutes {@code ${ENV}} references and validates every key. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final EnvironmentSubstitution environment;

    private ConfigLoader(EnvironmentSubstitution environment) {
        this.environment = environment;
    }

    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(EnvironmentSubstitution.ofSystem());
    }

    public static ConfigLoader withEnvironment(Function<String, String> environment) {
        return new ConfigLoader(new EnvironmentSubstitution(environment));
    }

    /**
     * @throws InvalidConfigException listing every problem, or the file's unreadability
     */
    public ProxyConfig load(Path file) {
        return parse(read(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(file.toString(), "no such file");
        } catch (IOException e) {
            throw single(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The cutover commands' view of serve's file, which must be valid for serve as well.
     *
     * @throws InvalidConfigException listing every problem, or the file's unreadability
     */
    public CutoverConfig loadCutover(Path file) {
        return parseCutover(read(file));
    }

    public CutoverConfig parseCutover(String yaml) {
        JsonNode tree = tree(yaml);
        ConfigProblems problems = new ConfigProblems();
        ProxyConfig proxy = ProxyConfig.read(new ConfigNode(tree, "", problems, environment));
        problems.throwIfAny();
        CutoverConfig config =
                CutoverConfig.read(proxy, new ConfigNode(tree, "", problems, environment));
        problems.throwIfAny();
        return config;
    }

    /**
     * Reads the sections {@code trickle import} uses from {@code serve}'s file.
     *
     * @throws InvalidConfigException listing every problem, or the file's unreadability
     */
    public ImportConfig loadImport(Path file) {
        JsonNode tree = tree(read(file));
        ConfigProblems problems = new ConfigProblems();
        ImportConfig config = ImportConfig.read(new ConfigNode(tree, "", problems, environment));
        problems.throwIfAny();
        return config;
    }

    /**
     * The {@code hashes:} section of {@code serve}'s file alone, for {@code trickle hash verify};
     * other sections are {@code serve}'s to check.
     *
     * @throws InvalidConfigException listing every problem, or the file's unreadability
     */
    public HashSettings loadHashes(Path file) {
        JsonNode tree = tree(read(file));
        ConfigProblems problems = new ConfigProblems();
        HashSettings settings =
                HashesConfig.read(
                        new ConfigNode(tree, "", problems, environment).section("hashes"));
        problems.throwIfAny();
        return settings;
    }

    public ProxyConfig parse(String yaml) {
        JsonNode tree = tree(yaml);
        ConfigProblems problems = new ConfigProblems();
        ProxyConfig config = ProxyConfig.read(new ConfigNode(tree, "", problems, environment));
        problems.throwIfAny();
        return config;
    }

    private static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw single(
                    location == null ? "(file)" : "line " + location.getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static InvalidConfigException single(String path, String message) {
        ConfigProblems problems = new ConfigProblems();
        problems.add(path, message);
        return new InvalidConfigException(problems.asList());
    }
}
