package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.core.hash.HashSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hashes:} section and the migration's pool and e-mail keys, as serve reads them. */
final class HashesConfigTest {
    private static final String ROUTED =
            "upstream:\n  url: http://127.0.0.1:8001\nclerk:\n  secretKey: sk_test_x\n"
                    + "routes:\n  - name: login\n    path: /login\n"
                    + "    credentials: {form: {identifier: u, password: p}}\n"
                    + "    verify: upstream\n    success: {status: [200]}\n"
                    + "    identity: {json: {id: /id}}\n";

    private final ConfigLoader loader = ConfigLoader.withEnvironment(name -> null);

    @Test
    void operatorsSetEveryCapTheBudgetAndThePools() {
        MigrationConfig migration =
                loader.parse(
                                ROUTED
                                        + "migration:\n  legacyEmailsVerified: true\n"
                                        + "  workerThreads: 3\n  queueCapacity: 50\n"
                                        + "  lookupQueueCapacity: 20\n"
                                        + "hashes:\n  maxScryptN: 32768\n  maxCheckMemory: 48MiB\n"
                                        + "  memoryBudget: 10%\n  workerThreads: 2\n"
                                        + "  queueCapacity: 9\n")
                        .migration()
                        .orElseThrow();

        assertThat(migration.policy().legacyEmailsVerified()).isTrue();
        assertThat(migration.workerThreads()).isEqualTo(3);
        assertThat(migration.queueCapacity()).isEqualTo(50);
        assertThat(migration.lookupQueueCapacity()).isEqualTo(20);
        HashSettings hashes = migration.hashes();
        assertThat(hashes.maxScryptN()).isEqualTo(32768);
        assertThat(hashes.maxCheckMemoryBytes()).isEqualTo(48L << 20);
        assertThat(hashes.memoryBudgetBytes()).isEqualTo(HashSettings.shareOfHeap(10));
        assertThat(hashes.workerThreads()).isEqualTo(2);
        assertThat(hashes.queueCapacity()).isEqualTo(9);
        assertThat(hashes.maxArgon2MemoryKib())
                .isEqualTo(HashSettings.DEFAULT_MAX_ARGON2_MEMORY_KIB);
    }

    @Test
    void aBudgetAsASizeIsTakenAsIs() {
        HashSettings hashes =
                loader.parse(ROUTED + "hashes:\n  memoryBudget: 32MiB\n")
                        .migration()
                        .orElseThrow()
                        .hashes();

        assertThat(hashes.memoryBudgetBytes()).isEqualTo(32L << 20);
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        assertThatThrownBy(
                        () ->
                                loader.parse(
                                        ROUTED
                                                + "migration:\n  legacyEmailsVerified: maybe\n"
                                                + "  workerThreads: 0\n"
                                                + "hashes:\n  maxScryptN: 1\n"
                                                + "  memoryBudget: 95%\n  maxCheckMemory: 10\n"
                                                + "  workerThreads: 0\n  maxScrypN: 5\n"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Object::toString)
                                        .anyMatch(
                                                p ->
                                                        p.startsWith(
                                                                "hashes.memoryBudget: 95% (expected: a percentage of the heap"))
                                        .extracting(p -> p.substring(0, p.indexOf(':')))
                                        .containsExactlyInAnyOrder(
                                                "migration.legacyEmailsVerified",
                                                "migration.workerThreads",
                                                "hashes.maxScryptN",
                                                "hashes.memoryBudget",
                                                "hashes.maxCheckMemory",
                                                "hashes.workerThreads",
                                                "hashes.maxScrypN"));
    }

    @Test
    void aBudgetLargerThanTheHeapIsRefused() {
        long heap = Runtime.getRuntime().maxMemory();

        assertThatThrownBy(
                        () ->
                                loader.parse(
                                        ROUTED + "hashes:\n  memoryBudget: " + (heap + 1) + "\n"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Object::toString)
                                        .singleElement()
                                        .asString()
                                        .startsWith("hashes.memoryBudget: " + (heap + 1)));
    }

    @Test
    void hashVerifyReadsOnlyTheHashesSectionOfServesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trickle.yml");
        Files.writeString(file, "upstream: {}\nnotServesEither: 1\nhashes:\n  maxBcryptCost: 12\n");

        assertThat(loader.loadHashes(file).maxBcryptCost()).isEqualTo(12);
        Files.writeString(file, "hashes:\n  maxBcryptCost: 40\n");
        assertThatThrownBy(() -> loader.loadHashes(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("hashes.maxBcryptCost");
    }
}
