package dev.trickle.core.hash;

import dev.trickle.core.config.ConfigProblems;

/**
 * Limits on the work one stored digest may demand, and the size of the verification pool. Digests
 * above a limit are rejected before hashing, so a corrupted or planted row cannot pin a core.
 *
 * @param maxBcryptCost highest bcrypt log2 cost accepted
 * @param maxPbkdf2Iterations highest PBKDF2 iteration count accepted
 * @param maxDigestRounds highest round count for iterated digests: sha-crypt rounds, phpass
 *     iterations, Symfony iterations
 * @param maxScryptN highest scrypt CPU/memory cost N
 * @param maxScryptR highest scrypt block size r
 * @param maxScryptP highest scrypt parallelism p
 * @param maxArgon2MemoryKib highest argon2 memory in KiB
 * @param maxArgon2Iterations highest argon2 time cost
 * @param maxArgon2Parallelism highest argon2 lanes
 * @param workerThreads verification threads
 * @param queueCapacity verifications waiting for a thread before new ones are rejected
 */
public record HashSettings(
        int maxBcryptCost,
        int maxPbkdf2Iterations,
        int maxDigestRounds,
        int maxScryptN,
        int maxScryptR,
        int maxScryptP,
        int maxArgon2MemoryKib,
        int maxArgon2Iterations,
        int maxArgon2Parallelism,
        int workerThreads,
        int queueCapacity) {

    /** Clerk's own import check caps bcrypt at 15; 14 already costs about a second per login. */
    public static final int DEFAULT_MAX_BCRYPT_COST = 14;

    /** Above OWASP 2023's 600 000 for PBKDF2-SHA256 and Django 5's 1 000 000, with headroom. */
    public static final int DEFAULT_MAX_PBKDF2_ITERATIONS = 2_000_000;

    /** passlib's sha512_crypt default is 656 000 rounds. */
    public static final int DEFAULT_MAX_DIGEST_ROUNDS = 1_000_000;

    /** 2^20: Werkzeug's 32 768 and Firebase's 2^14 fit; 128 MiB with r = 8. */
    public static final int DEFAULT_MAX_SCRYPT_N = 1 << 20;

    public static final int DEFAULT_MAX_SCRYPT_R = 16;
    public static final int DEFAULT_MAX_SCRYPT_P = 4;

    /** 256 MiB; PHP's argon2id default is 64 MiB, OWASP's minimum 19 MiB. */
    public static final int DEFAULT_MAX_ARGON2_MEMORY_KIB = 256 * 1024;

    public static final int DEFAULT_MAX_ARGON2_ITERATIONS = 10;
    public static final int DEFAULT_MAX_ARGON2_PARALLELISM = 8;
    public static final int DEFAULT_QUEUE_CAPACITY = 256;

    public static HashSettings defaults() {
        return new HashSettings(
                DEFAULT_MAX_BCRYPT_COST,
                DEFAULT_MAX_PBKDF2_ITERATIONS,
                DEFAULT_MAX_DIGEST_ROUNDS,
                DEFAULT_MAX_SCRYPT_N,
                DEFAULT_MAX_SCRYPT_R,
                DEFAULT_MAX_SCRYPT_P,
                DEFAULT_MAX_ARGON2_MEMORY_KIB,
                DEFAULT_MAX_ARGON2_ITERATIONS,
                DEFAULT_MAX_ARGON2_PARALLELISM,
                Runtime.getRuntime().availableProcessors(),
                DEFAULT_QUEUE_CAPACITY);
    }

    /** Records every out-of-range value under {@code pathPrefix}. */
    public void validate(ConfigProblems problems, String pathPrefix) {
        range(problems, pathPrefix + ".maxBcryptCost", maxBcryptCost, 4, 31);
        range(
                problems,
                pathPrefix + ".maxPbkdf2Iterations",
                maxPbkdf2Iterations,
                1,
                Integer.MAX_VALUE);
        range(problems, pathPrefix + ".maxDigestRounds", maxDigestRounds, 1, Integer.MAX_VALUE);
        range(problems, pathPrefix + ".maxScryptN", maxScryptN, 2, 1 << 30);
        range(problems, pathPrefix + ".maxScryptR", maxScryptR, 1, 1024);
        range(problems, pathPrefix + ".maxScryptP", maxScryptP, 1, 1024);
        range(problems, pathPrefix + ".maxArgon2MemoryKib", maxArgon2MemoryKib, 8, 4 * 1024 * 1024);
        range(problems, pathPrefix + ".maxArgon2Iterations", maxArgon2Iterations, 1, 1000);
        range(problems, pathPrefix + ".maxArgon2Parallelism", maxArgon2Parallelism, 1, 255);
        range(problems, pathPrefix + ".workerThreads", workerThreads, 1, 256);
        range(problems, pathPrefix + ".queueCapacity", queueCapacity, 1, 1_000_000);
    }

    private static void range(ConfigProblems problems, String path, int value, int min, int max) {
        if (value < min || value > max) {
            problems.invalid(path, value, "an integer from " + min + " to " + max);
        }
    }
}
