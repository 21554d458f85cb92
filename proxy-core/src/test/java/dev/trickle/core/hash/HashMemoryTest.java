package dev.trickle.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression tests for heap exhaustion by planted digests: what a check will allocate is known from
 * the digest before it runs, a single check above the cap is refused unhashed, and concurrent
 * checks are admitted only while their sum fits the budget.
 */
final class HashMemoryTest {
    private static final long MIB = 1024L * 1024;
    private static final String SALT = "c29tZXNhbHQ";
    private static final String HASH16 = "AAAAAAAAAAAAAAAAAAAAAA";

    private static PasswordHashes hashes(long budget) {
        return new PasswordHashes(
                HashSettings.defaults()
                        .withMemory(HashSettings.DEFAULT_MAX_CHECK_MEMORY_BYTES, budget),
                Ticker.systemTicker(),
                new SimpleMeterRegistry());
    }

    private static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "scrypt:16384:8:1$salt$00ff",
                "scrypt:8192:16:1$salt$00ff",
                "$argon2id$v=19$m=16384,t=1,p=1$" + SALT + "$" + HASH16,
                "$argon2id$v=19$m=16384,t=1,p=4$" + SALT + "$" + HASH16,
            })
    void theEstimateCoversWhatTheHashLibraryAllocates(String digest) {
        // Measured as bytes allocated, which equals the live peak when the library allocates its
        // buffers once; scrypt with p > 1 allocates V anew per lane, one at a time, so there the
        // live peak (what the estimate counts) is V once and allocation p times it.
        try (PasswordHashes hashes = hashes(256 * MIB)) {
            StoredDigest stored = StoredDigest.of(digest);
            HashFormat format = hashes.resolve(stored);
            long estimate = new ScryptOrArgon2(hashes).memoryBytes(format, stored);

            long allocated = allocatedBy(() -> hashes.verifyNow(stored, "password"));

            assertThat(estimate).isGreaterThanOrEqualTo(allocated - MIB / 2);
            assertThat(estimate).isLessThan(allocated * 13 / 10);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // Each was within the caps shipped before: N <= 2^20, r <= 16, 1 GiB; 256 MiB.
                "scrypt:1048576:8:1$salt$00ff",
                "scrypt:131072:8:1$salt$00ff",
                "$argon2id$v=19$m=262144,t=1,p=1$" + SALT + "$" + HASH16,
                "$argon2id$v=19$m=131072,t=1,p=1$" + SALT + "$" + HASH16,
            })
    void aPlantedDigestNeedingMoreThanTheBudgetIsRefusedWithoutHashing(String digest) {
        try (PasswordHashes hashes = hashes(64 * MIB)) {
            long[] allocated = new long[1];
            VerificationResult[] result = new VerificationResult[1];
            allocated[0] =
                    allocatedBy(() -> result[0] = hashes.verifyNow(StoredDigest.of(digest), "pw"));

            assertThat(result[0]).isInstanceOf(VerificationResult.Rejected.class);
            assertThat(((VerificationResult.Rejected) result[0]).reason())
                    .contains("exceeds the configured limit");
            assertThat(allocated[0]).as("nothing was hashed").isLessThan(MIB);
        }
    }

    @Test
    void concurrentChecksBeyondTheBudgetWaitTheirTurnAndAllFinish() throws Exception {
        byte[] key =
                SCrypt.generate(
                        "right".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "salt".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        16384,
                        8,
                        1,
                        32);
        StoredDigest sixteenMib =
                StoredDigest.of("scrypt:16384:8:1$salt$" + HexFormat.of().formatHex(key));
        HashSettings settings =
                HashSettings.defaults().withPool(4, 16).withMemory(320 * MIB, 40 * MIB);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PasswordHashes hashes = new PasswordHashes(settings, Ticker.systemTicker(), meters)) {
            List<CompletableFuture<VerificationResult>> checks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                checks.add(
                        hashes.verify(
                                sixteenMib, "right", hashes.deadlineAfter(Duration.ofMinutes(1))));
            }

            for (CompletableFuture<VerificationResult> check : checks) {
                assertThat(check.get(60, TimeUnit.SECONDS).matched()).isTrue();
            }
            assertThat(meters.get(PasswordHashes.MEMORY_RESERVED).gauge().value()).isZero();
        }
    }

    @Test
    void aCheckStillQueuedWhenItsLoginHasGoneOnIsDroppedUnhashed() throws Exception {
        try (PasswordHashes hashes = hashes(64 * MIB)) {
            VerificationResult result =
                    hashes.verify(
                                    StoredDigest.of("scrypt:16384:8:1$salt$00ff"),
                                    "pw",
                                    hashes.deadlineAfter(Duration.ofNanos(-1)))
                            .get(10, TimeUnit.SECONDS);

            assertThat(result)
                    .isEqualTo(
                            new VerificationResult.Rejected(
                                    "password verification waited past its deadline"));
        }
    }

    /** The family's verifier, as the facade picks it. */
    private record ScryptOrArgon2(PasswordHashes hashes) {
        long memoryBytes(HashFormat format, StoredDigest stored) {
            HashSettings d = HashSettings.defaults();
            FormatVerifier verifier =
                    format.family() == HashFamily.SCRYPT
                            ? new ScryptVerifier(d, WorkObserver.NONE)
                            : new Argon2Verifier(d, WorkObserver.NONE);
            return verifier.memoryBytes(format, stored);
        }
    }
}
