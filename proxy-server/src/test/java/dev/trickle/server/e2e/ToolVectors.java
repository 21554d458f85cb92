package dev.trickle.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Digests made by the tools real applications use, shared with proxy-core's hash tests (see
 * proxy-core/src/test/resources/hash-vectors/generate.py), turned into legacy users.
 */
public final class ToolVectors {
    private static final Path FILE =
            Path.of("../proxy-core/src/test/resources/hash-vectors/vectors.json");

    /** Formats whose digests name themselves, as most apps' stored digests do. */
    public static final List<String> SELF_DESCRIBING =
            List.of(
                    "bcrypt",
                    "argon2id",
                    "pbkdf2_sha256_django",
                    "phpass",
                    "bcrypt_wordpress",
                    "sha512_crypt",
                    "md5_crypt",
                    "pbkdf2_werkzeug",
                    "scrypt_werkzeug",
                    "ldap_ssha256");

    /** Formats that take a millisecond or so, for tests that log many users in. */
    public static final List<String> CHEAP = List.of("bcrypt", "argon2id", "phpass", "md5_crypt");

    private record Vector(String format, String digest, String password) {}

    private final Map<String, List<Vector>> byFormat;

    private ToolVectors(Map<String, List<Vector>> byFormat) {
        this.byFormat = byFormat;
    }

    public static ToolVectors load() {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(FILE));
            Map<String, List<Vector>> byFormat = new LinkedHashMap<>();
            for (JsonNode v : root) {
                if (!v.get("match").asBoolean() || v.has("salt") || v.has("params")) {
                    continue;
                }
                Vector vector =
                        new Vector(
                                v.get("format").asText(),
                                v.get("digest").asText(),
                                v.get("password").asText());
                List<Vector> list =
                        byFormat.computeIfAbsent(vector.format(), f -> new ArrayList<>());
                if (list.stream().noneMatch(e -> e.password().equals(vector.password()))) {
                    list.add(vector);
                }
            }
            return new ToolVectors(byFormat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} users with ids from {@code firstId}, cycling through {@code formats}; each
     * format's passwords are cycled too, so ASCII, spaces and non-ASCII passwords all occur.
     */
    public List<LegacyUser> users(long firstId, int count, List<String> formats, String tag) {
        List<LegacyUser> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String format = formats.get(i % formats.size());
            List<Vector> vectors = byFormat.get(format);
            if (vectors == null) {
                throw new IllegalArgumentException("no tool vector of format " + format);
            }
            Vector v = vectors.get((i + i / formats.size()) % vectors.size());
            long id = firstId + i;
            users.add(
                    new LegacyUser(
                            id,
                            tag + "user" + id,
                            tag + "user" + id + "@example.com",
                            "First" + id,
                            Instant.parse("2015-06-01T08:30:00Z").plusSeconds(id * 3_607L),
                            format,
                            v.digest(),
                            v.password()));
        }
        return users;
    }
}
