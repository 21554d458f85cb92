package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Digests produced by real tools (see hash-vectors/generate.py) verify and convert as expected. */
final class ToolVectorsTest {
    private static PasswordHashes hashes;

    @BeforeAll
    static void start() {
        hashes = new PasswordHashes(HashSettings.defaults());
    }

    @AfterAll
    static void stop() {
        hashes.close();
    }

    static Stream<Arguments> selfContainedVectors() throws IOException {
        return vectors().filter(a -> !((JsonNode) a.get()[1]).has("salt"));
    }

    static Stream<Arguments> vectors() throws IOException {
        try (InputStream in =
                ToolVectorsTest.class.getResourceAsStream("/hash-vectors/vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode v : root) {
                String name =
                        v.get("tool").asText()
                                + " "
                                + v.get("format").asText()
                                + (v.get("match").asBoolean() ? " matches" : " differs")
                                + ", password of "
                                + v.get("password").asText().length()
                                + " chars";
                cases.add(Arguments.of(name, v));
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifiesWithTheNamedFormat(String name, JsonNode v) {
        VerificationResult result =
                hashes.verifyNow(
                        stored(v).withFormat(v.get("format").asText()), v.get("password").asText());

        HashFormat format = HashFormat.byName(v.get("format").asText()).orElseThrow();
        assertThat(result)
                .isEqualTo(
                        v.get("match").asBoolean()
                                ? new VerificationResult.Match(format)
                                : new VerificationResult.Mismatch(format));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selfContainedVectors")
    void detectsTheFormatWhenTheDigestCarriesItsSalt(String name, JsonNode v) {
        Identification id = hashes.identify(v.get("digest").asText());

        assertThat(id).isInstanceOf(Identification.Identified.class);
        HashFormat detected = ((Identification.Identified) id).format();
        if (!((Identification.Identified) id).ambiguous()) {
            assertThat(detected.id()).isEqualTo(v.get("format").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void convertsForClerkOrSaysWhyNot(String name, JsonNode v) {
        ClerkConversion conversion = hashes.toClerk(stored(v).withFormat(v.get("format").asText()));

        if (v.has("clerk_hasher")) {
            assertThat(conversion).isInstanceOf(ClerkConversion.ClerkDigest.class);
            ClerkConversion.ClerkDigest clerk = (ClerkConversion.ClerkDigest) conversion;
            assertThat(clerk.hasher()).isEqualTo(v.get("clerk_hasher").asText());
            if (v.has("clerk_digest")) {
                assertThat(clerk.digest()).isEqualTo(v.get("clerk_digest").asText());
            }
        } else {
            assertThat(conversion).isInstanceOf(ClerkConversion.NotImportable.class);
        }
    }

    private static StoredDigest stored(JsonNode v) {
        StoredDigest stored = StoredDigest.of(v.get("digest").asText());
        if (v.has("salt")) {
            stored = stored.withSalt(v.get("salt").asText());
        }
        if (v.has("params")) {
            Map<String, String> params = new HashMap<>();
            v.get("params")
                    .properties()
                    .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            stored = stored.withParams(params);
        }
        return stored;
    }
}
