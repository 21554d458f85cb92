package dev.trickle.core.hash;

import dev.trickle.core.config.ConfigProblems;

/**
 * Limits on the work one stored digest may demand, the memory all checks together may hold, and the
 * size of the verification pool. Digests above a limit are rejected before hashing, so a corrupted
 * or planted row can neither pin a core nor exhaust the heap.
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
 * @param maxCheckMemoryBytes the most heap one check may need (scrypt about 128 N r bytes, argon2 m
 *     KiB); a digest needing more is refused
 * @param memoryBudgetBytes the most heap all checks running at once may need together; a check that
 *     does not fit waits for others to finish, within its login's deadline, or is refused
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
        long maxCheckMemoryBytes,
        long memoryBudgetBytes,
        int workerThreads,
        int queueCapacity) {

    private static final long MIB = 1024L * 1024;

    /** Clerk's own import check caps bcrypt at 15; 14 already costs about a second per login. */
    public static final int DEFAULT_MAX_BCRYPT_COST = 14;

    /** Above OWASP 2023's 600 000 for PBKDF2-SHA256 and Django 5's 1 000 000, with headroom. */
    public static final int DEFAULT_MAX_PBKDF2_ITERATIONS = 2_000_000;

    /** passlib's sha512_crypt default is 656 000 rounds. */
    public static final int DEFAULT_MAX_DIGEST_ROUNDS = 1_000_000;

    /**
     * 2^17: Django's 2^14, Werkzeug's 2^15 and Firebase's 2^14 fit; 128 MiB at r = 8 (scrypt needs
     * 128 N r bytes).
     */
    public static final int DEFAULT_MAX_SCRYPT_N = 1 << 17;

    /** Twice the usual 8: 256 MiB at the N cap. */
    public static final int DEFAULT_MAX_SCRYPT_R = 16;

    public static final int DEFAULT_MAX_SCRYPT_P = 4;

    /** 256 MiB; PHP's argon2id default is 64 MiB, OWASP's minimum 19 MiB. */
    public static final int DEFAULT_MAX_ARGON2_MEMORY_KIB = 256 * 1024;

    public static final int DEFAULT_MAX_ARGON2_ITERATIONS = 10;
    public static final int DEFAULT_MAX_ARGON2_PARALLELISM = 8;

    /**
     * 320 MiB: room for argon2 at its 256 MiB cap (about 264 MiB of heap, with a header per 1 KiB
     * block) and for scrypt at its N and r caps (256 MiB); the memory budget may allow less.
     */
    public static final long DEFAULT_MAX_CHECK_MEMORY_BYTES = 320 * MIB;

    /**
     * Half the heap: the rest stays for connections, caches and the ledger, so concurrent checks of
     * costly digests wait for each other instead of ending the process (the image runs with {@code
     * -XX:+ExitOnOutOfMemoryError}). Not less: a check needing more than the whole budget can never
     * run, and Django's argon2 default (100 MiB, about 109 MiB of heap) must fit a 256 MiB heap.
     */
    public static final int DEFAULT_MEMORY_BUDGET_PERCENT = 50;

    public static final int DEFAULT_QUEUE_CAPACITY = 256;

    /** Defaults, the memory budget taken from this JVM's maximum heap. */
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
                DEFAULT_MAX_CHECK_MEMORY_BYTES,
                shareOfHeap(DEFAULT_MEMORY_BUDGET_PERCENT),
                Runtime.getRuntime().availableProcessors(),
                DEFAULT_QUEUE_CAPACITY);
    }

    /** {@code percent} of this JVM's maximum heap, in bytes. */
    public static long shareOfHeap(int percent) {
        return Runtime.getRuntime().maxMemory() / 100 * percent;
    }

    /** The same limits with another pool size. */
    public HashSettings withPool(int threads, int queue) {
        return withResources(maxCheckMemoryBytes, memoryBudgetBytes, threads, queue);
    }

    /** The same limits with other memory caps. */
    public HashSettings withMemory(long checkBytes, long budgetBytes) {
        return withResources(checkBytes, budgetBytes, workerThreads, queueCapacity);
    }

    /** The same per-digest limits with other memory caps and pool size. */
    private HashSettings withResources(long checkBytes, long budgetBytes, int threads, int queue) {
        return new HashSettings(
                maxBcryptCost,
                maxPbkdf2Iterations,
                maxDigestRounds,
                maxScryptN,
                maxScryptR,
                maxScryptP,
                maxArgon2MemoryKib,
                maxArgon2Iterations,
                maxArgon2Parallelism,
                checkBytes,
                budgetBytes,
                threads,
                queue);
    }

    /** The most one check may need: the per-check cap, or the whole budget if that is smaller. */
    long checkMemoryLimit() {
        return Math.min(maxCheckMemoryBytes, memoryBudgetBytes);
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
        size(problems, pathPrefix + ".maxCheckMemory", maxCheckMemoryBytes, MIB, 64 * 1024 * MIB);
        long heap = Runtime.getRuntime().maxMemory();
        if (memoryBudgetBytes < MIB || memoryBudgetBytes > heap) {
            problems.invalid(
                    pathPrefix + ".memoryBudget",
                    memoryBudgetBytes,
                    "a size from 1 MiB to the maximum heap, " + heap + " bytes here");
        }
        range(problems, pathPrefix + ".workerThreads", workerThreads, 1, 256);
        range(problems, pathPrefix + ".queueCapacity", queueCapacity, 1, 1_000_000);
    }

    private static void range(ConfigProblems problems, String path, int value, int min, int max) {
        if (value < min || value > max) {
            problems.invalid(path, value, "an integer from " + min + " to " + max);
        }
    }

    private static void size(ConfigProblems problems, String path, long value, long min, long max) {
        if (value < min || value > max) {
            problems.invalid(path, value, "a size from " + min + " to " + max + " bytes");
        }
    }
}
