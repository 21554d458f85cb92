package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile stored digests (a corrupted or planted row) through identification, verification and
 * Clerk conversion. Plain {@code mvn verify} replays the committed seeds in {@code
 * DigestParsersFuzzTestInputs/digests}; {@code JAZZER_FUZZ=1} mutates them (docs/security.md).
 *
 * <p>An input is UTF-8 lines: the digest, the password, then any of {@code format=<id or Clerk
 * hasher>}, {@code salt=<separate salt>} and {@code <name>=<value>} extra parameters.
 *
 * <p>The limits are far below the defaults so that whatever the limits let through stays cheap
 * enough to fuzz; {@link WorkObserver} reports what each computation was really handed, which is
 * checked against them here, independently of the verifiers' own checks.
 */
final class DigestParsersFuzzTest {
    private static final HashSettings LIMITS =
            new HashSettings(5, 1_000, 5_000, 1 << 10, 8, 2, 1024, 2, 2, 8L << 20, 64L << 20, 1, 1);

    /** What each reported parameter may reach; a name not listed here fails the run. */
    private static final Map<String, Long> CAPS =
            Map.ofEntries(
                    Map.entry("bcrypt cost", (long) LIMITS.maxBcryptCost()),
                    Map.entry("PBKDF2 iterations", (long) LIMITS.maxPbkdf2Iterations()),
                    Map.entry("scrypt N", (long) LIMITS.maxScryptN()),
                    Map.entry("scrypt r", (long) LIMITS.maxScryptR()),
                    Map.entry("scrypt p", (long) LIMITS.maxScryptP()),
                    Map.entry("argon2 memory KiB", (long) LIMITS.maxArgon2MemoryKib()),
                    Map.entry("argon2 iterations", (long) LIMITS.maxArgon2Iterations()),
                    Map.entry("argon2 parallelism", (long) LIMITS.maxArgon2Parallelism()),
                    Map.entry("sha-crypt rounds", (long) LIMITS.maxDigestRounds()),
                    Map.entry("phpass iterations", (long) LIMITS.maxDigestRounds()),
                    Map.entry("Symfony iterations", (long) LIMITS.maxDigestRounds()),
                    Map.entry("password bytes", (long) PasswordHashes.MAX_PASSWORD_BYTES),
                    Map.entry("derived key bytes", (long) DigestFields.MAX_HASH_BYTES));

    /**
     * The extra parameters any format reads. Their names are configuration, which {@link
     * StoredDigest#toString()} shows on purpose, so the fuzzer may not invent them from digest
     * text.
     */
    private static final Set<String> PARAMETER_NAMES =
            Set.of("signer_key", "salt_separator", "rounds", "mem_cost", "iterations");

    /**
     * A reason may quote a cost number (at most 10 digits) but no run of the digest, salt,
     * parameters or password this long.
     */
    private static final int ECHO_WINDOW = 12;

    /**
     * Format ids and parameter names, longest first: reasons name them, and digests and passwords
     * may well contain them.
     */
    private static final List<String> VOCABULARY =
            Stream.concat(
                            Arrays.stream(HashFormat.values()).map(HashFormat::id),
                            PARAMETER_NAMES.stream())
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();

    private record Computed(String parameter, long value) {}

    private static final List<Computed> computed = new ArrayList<>();
    private static PasswordHashes hashes;

    @BeforeAll
    static void start() {
        hashes = new PasswordHashes(LIMITS, DigestParsersFuzzTest::computing);
    }

    @AfterAll
    static void stop() {
        hashes.close();
    }

    @FuzzTest
    @Timeout(10)
    void digests(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        String digest = lines[0];
        String password = lines.length > 1 ? lines[1] : "";
        Optional<String> format = Optional.empty();
        Optional<String> salt = Optional.empty();
        Map<String, String> params = new HashMap<>();
        for (int i = 2; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = lines[i].substring(0, eq);
            String value = lines[i].substring(eq + 1);
            switch (name) {
                case "format" -> format = Optional.of(value);
                case "salt" -> salt = Optional.of(value);
                default -> {
                    if (PARAMETER_NAMES.contains(name)) {
                        params.putIfAbsent(name, value);
                    }
                }
            }
        }
        StoredDigest stored = new StoredDigest(digest, format, salt, params);
        Set<String> secrets = secretWindows(digest, salt, params, password);

        Identification identification = hashes.identify(digest);
        if (identification instanceof Identification.Unrecognised unrecognised) {
            assertNoEcho(unrecognised.reason(), secrets, format);
        }
        assertNoEcho(stored.toString(), secrets, format);

        computed.clear();
        VerificationResult result = hashes.verifyNow(stored, password);
        assertThat(result).isNotNull();
        assertNoEcho(result.toString(), secrets, format);
        if (result instanceof VerificationResult.Rejected) {
            assertThat(computed).as("work done for a refused digest").isEmpty();
        }
        if (result instanceof VerificationResult.Match match) {
            assertThat(match.format()).isEqualTo(hashes.resolve(stored));
        }
        if (result instanceof VerificationResult.Mismatch mismatch) {
            assertThat(mismatch.format()).isEqualTo(hashes.resolve(stored));
        }

        ClerkConversion conversion = hashes.toClerk(stored);
        assertNoEcho(conversion.toString(), secrets, format);
        if (conversion instanceof ClerkConversion.ClerkDigest clerk) {
            assertThat(clerk.hasher()).isNotBlank();
            assertThat(clerk.digest()).isNotEmpty();
        }
    }

    /** Checked as the computation starts, so that one over the limit fails instead of running. */
    private static void computing(String parameter, long value) {
        assertThat(CAPS).as("computations reported").containsKey(parameter);
        assertThat(value).as(parameter).isLessThanOrEqualTo(CAPS.get(parameter));
        computed.add(new Computed(parameter, value));
    }

    private static Set<String> secretWindows(
            String digest, Optional<String> salt, Map<String, String> params, String password) {
        Set<String> windows = new HashSet<>();
        addWindows(windows, digest);
        salt.ifPresent(s -> addWindows(windows, s));
        params.values().forEach(v -> addWindows(windows, v));
        addWindows(windows, password);
        return windows;
    }

    private static void addWindows(Set<String> windows, String text) {
        for (int i = 0; i + ECHO_WINDOW <= text.length(); i++) {
            windows.add(text.substring(i, i + ECHO_WINDOW));
        }
    }

    /**
     * Set lookups rather than {@code String.contains}: Jazzer feeds the arguments of string
     * comparisons back into its mutations, which would steer it to copy reasons into digests.
     */
    private static void assertNoEcho(String text, Set<String> secrets, Optional<String> format) {
        // The override name is configuration, and an unknown one is quoted on purpose.
        String checked = format.map(name -> text.replace(name, "")).orElse(text);
        for (String name : VOCABULARY) {
            checked = checked.replace(name, "");
        }
        Set<String> windows = new HashSet<>();
        addWindows(windows, checked);
        windows.retainAll(secrets);
        assertThat(windows).as("digest, salt, parameter or password text in: " + text).isEmpty();
    }
}
