package dev.trickle.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.hash.ClerkConversion;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import dev.trickle.core.hash.VerificationResult;
import dev.trickle.server.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Reads JSON Lines {@code {"digest", "password", "hasher"?, "salt"?, "params"?}} and prints one
 * line {@code {"match", "format", "clerk_hasher", "clerk_digest", "error"}} per input line. The
 * password is never printed.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Reads JSON Lines on stdin: {\"digest\": \"...\", \"password\": \"...\", \"hasher\":"
                    + " \"optional format or Clerk hasher\", \"salt\": \"optional separate salt\","
                    + " \"params\": {optional, e.g. Firebase signer_key}}.",
            "Prints one JSON line each: match, format, clerk_hasher, clerk_digest, and error: why"
                    + " the password could not be checked or why Clerk cannot import the digest."
        })
final class HashVerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand HashCommand parent;
    @Spec CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "serve's configuration: its hashes: section sets the cost caps and memory"
                            + " budget, so digests are judged as serve and import judge them")
    Path config;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        HashSettings settings = HashSettings.defaults();
        if (config != null) {
            Optional<HashSettings> loaded =
                    ConfigErrors.load(
                            spec.commandLine().getErr(), config, ConfigLoader::loadHashes);
            if (loaded.isEmpty()) {
                return ExitCodes.CONFIG;
            }
            settings = loaded.get();
        }
        try (PasswordHashes hashes = new PasswordHashes(settings);
                BufferedReader reader =
                        new BufferedReader(
                                new InputStreamReader(parent.input(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    out.println(JSON.writeValueAsString(check(hashes, line)));
                    out.flush();
                }
            }
        }
        return 0;
    }

    private static ObjectNode check(PasswordHashes hashes, String line) {
        ObjectNode result = JSON.createObjectNode();
        result.put("match", false);
        result.putNull("format");
        result.putNull("clerk_hasher");
        result.putNull("clerk_digest");
        result.putNull("error");
        JsonNode input;
        try {
            input = JSON.readTree(line);
        } catch (IOException e) {
            // Jackson's message quotes the input, which holds the password.
            return result.put("error", "line is not valid JSON");
        }
        if (!input.isObject()
                || !input.path("digest").isTextual()
                || !input.path("password").isTextual()) {
            return result.put("error", "expected an object with string fields digest and password");
        }
        StoredDigest stored = stored(input);
        VerificationResult verdict = hashes.verify(stored, input.get("password").asText()).join();
        if (verdict instanceof VerificationResult.Match match) {
            result.put("match", true).put("format", match.format().id());
        } else if (verdict instanceof VerificationResult.Mismatch mismatch) {
            result.put("format", mismatch.format().id());
        } else if (verdict instanceof VerificationResult.Unsupported unsupported) {
            result.put("error", unsupported.reason());
        } else {
            result.put("error", ((VerificationResult.Rejected) verdict).reason());
        }
        ClerkConversion clerk = hashes.toClerk(stored);
        if (clerk instanceof ClerkConversion.ClerkDigest digest) {
            result.put("clerk_hasher", digest.hasher()).put("clerk_digest", digest.digest());
        } else if (result.get("error").isNull()) {
            result.put(
                    "error",
                    "not importable into Clerk: "
                            + ((ClerkConversion.NotImportable) clerk).reason());
        }
        return result;
    }

    private static StoredDigest stored(JsonNode input) {
        StoredDigest stored = StoredDigest.of(input.get("digest").asText());
        if (input.path("hasher").isTextual()) {
            stored = stored.withFormat(input.get("hasher").asText());
        }
        if (input.path("salt").isTextual()) {
            stored = stored.withSalt(input.get("salt").asText());
        }
        if (input.path("params").isObject()) {
            Map<String, String> params = new HashMap<>();
            input.get("params")
                    .properties()
                    .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            stored = stored.withParams(params);
        }
        return stored;
    }
}
