package dev.trickle.server.config;

import dev.trickle.core.hash.HashSettings;

/**
 * The {@code hashes:} section: what one stored digest may cost, what all password checks together
 * may hold of the heap, and the verification pool. Read by {@code serve}, {@code import} and {@code
 * trickle hash verify}, so the three refuse the same digests.
 */
final class HashesConfig {
    private static final long MIB = 1024L * 1024;

    private HashesConfig() {}

    static HashSettings read(ConfigNode node) {
        HashSettings d = HashSettings.defaults();
        HashSettings settings =
                new HashSettings(
                        node.integer("maxBcryptCost", d.maxBcryptCost(), 4, 31),
                        node.integer(
                                "maxPbkdf2Iterations",
                                d.maxPbkdf2Iterations(),
                                1,
                                Integer.MAX_VALUE),
                        node.integer("maxDigestRounds", d.maxDigestRounds(), 1, Integer.MAX_VALUE),
                        node.integer("maxScryptN", d.maxScryptN(), 2, 1 << 30),
                        node.integer("maxScryptR", d.maxScryptR(), 1, 1024),
                        node.integer("maxScryptP", d.maxScryptP(), 1, 1024),
                        node.integer(
                                "maxArgon2MemoryKib", d.maxArgon2MemoryKib(), 8, 4 * 1024 * 1024),
                        node.integer("maxArgon2Iterations", d.maxArgon2Iterations(), 1, 1000),
                        node.integer("maxArgon2Parallelism", d.maxArgon2Parallelism(), 1, 255),
                        node.bytes("maxCheckMemory", d.maxCheckMemoryBytes(), MIB, 64 * 1024 * MIB),
                        node.heapShare("memoryBudget", d.memoryBudgetBytes(), MIB),
                        node.integer("workerThreads", d.workerThreads(), 1, 256),
                        node.integer("queueCapacity", d.queueCapacity(), 1, 1_000_000));
        node.rejectUnknownKeys();
        return settings;
    }
}
