package dev.trickle.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.InvalidConfigException;
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

    public ProxyConfig parse(String yaml) {
        ConfigProblems problems = new ConfigProblems();
        ProxyConfig config =
                ProxyConfig.read(new ConfigNode(tree(yaml), "", problems, environment));
        problems.throwIfAny();
        return config;
    }

    private static JsonNode tree(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw single(
                    location == null ? "(file)" : "line " + location.getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        }
        return tree;
    }

    private static InvalidConfigException single(String path, String message) {
        ConfigProblems problems = new ConfigProblems();
        problems.add(path, message);
        return new InvalidConfigException(problems.asList());
    }
}
