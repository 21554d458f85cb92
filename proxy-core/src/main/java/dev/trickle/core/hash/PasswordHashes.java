package dev.trickle.core.hash;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trickle.core.ratelimit.BoundedPool;
import dev.trickle.core.ratelimit.Deadline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The password hash library's entry point: identify a digest, verify a password against it on a
 * bounded pool of worker threads within a heap budget, convert it for Clerk's import, and hash a
 * password with bcrypt. Close it to stop the workers.
 *
 * <p>Before a check runs, the memory its digest asks for is worked out from the digest's own
 * parameters ({@link FormatVerifier#memoryBytes}): above {@link HashSettings#maxCheckMemoryBytes}
 * (or the whole budget) it is refused unhashed; otherwise it waits until the checks already running
 * leave room in {@link HashSettings#memoryBudgetBytes}, or its deadline passes and it is refused.
 * No digest, however many logins try it at once, can ask for more heap than the budget.
 */
public final class PasswordHashes implements AutoCloseable {
    /** Clerk's own cost for passwords it hashes; about 70 ms per hash on one core. */
    public static final int DEFAULT_BCRYPT_COST = 10;

    /** How long a check without a caller's deadline (the CLI, the emulator) may wait. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** Counter of checks refused before hashing; tag reason ({@link Refusal}). */
    public static final String REFUSED = "trickle.hash.refused";

    /** Gauge of the heap reserved by the checks running now, in bytes. */
    public static final String MEMORY_RESERVED = "trickle.hash.memory.reserved";

    public static final String TAG_REASON = "reason";

    /** Why a check was refused unhashed; {@link #tag()} is a metric label. */
    enum Refusal {
        /** A cost parameter, or the memory it implies, above its cap. */
        COST,
        /** It did not fit the memory budget before its deadline. */
        MEMORY_BUDGET,
        /** No worker took it: queue full, deadline passed, shutting down. */
        SHED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Longer passwords are refused before hashing. SHA-crypt hashes the password once per password
     * byte (quadratic: a 64 KiB password cost 21 s against {@code $6$} at 5 000 rounds) and the
     * other iterated formats once per round, so the round limits only bound the work for passwords
     * of sane length. 4 096 bytes is passlib's limit; bcrypt reads only the first 72 anyway.
     */
    public static final int MAX_PASSWORD_BYTES = 4096;

    private final Map<HashFamily, FormatVerifier> verifiers = new EnumMap<>(HashFamily.class);
    private final BcryptVerifier bcrypt;
    private final HashSettings settings;
    private final BoundedPool workers;
    private final MemoryBudget memory;
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

    public PasswordHashes(HashSettings settings) {
        this(settings, Ticker.systemTicker(), new SimpleMeterRegistry());
    }

    /**
     * @param ticker the time line of the deadlines passed in (the Clerk client's)
     * @param meters where the pool's and the budget's meters go
     */
    public PasswordHashes(HashSettings settings, Ticker ticker, MeterRegistry meters) {
        this(settings, ticker, meters, WorkObserver.NONE);
    }

    /** With a witness of every computation's cost parameters (the fuzz tests'). */
    PasswordHashes(HashSettings settings, WorkObserver work) {
        this(settings, Ticker.systemTicker(), new SimpleMeterRegistry(), work);
    }

    private PasswordHashes(
            HashSettings settings, Ticker ticker, MeterRegistry meters, WorkObserver work) {
        this.settings = requireNonNull(settings, "settings");
        requireNonNull(work, "work");
        bcrypt = new BcryptVerifier(settings.maxBcryptCost(), work);
        verifiers.put(HashFamily.BCRYPT, bcrypt);
        verifiers.put(HashFamily.PBKDF2, new Pbkdf2Verifier(settings.maxPbkdf2Iterations(), work));
        verifiers.put(HashFamily.SCRYPT, new ScryptVerifier(settings, work));
        verifiers.put(HashFamily.ARGON2, new Argon2Verifier(settings, work));
        verifiers.put(
                HashFamily.PLAIN_DIGEST, new PlainDigestVerifier(settings.maxDigestRounds(), work));
        verifiers.put(HashFamily.LDAP, new LdapVerifier());
        verifiers.put(HashFamily.PHPASS, new PhpassVerifier(settings.maxDigestRounds(), work));
        verifiers.put(HashFamily.MD5_CRYPT, new Md5CryptVerifier(work));
        verifiers.put(HashFamily.SHA_CRYPT, new ShaCryptVerifier(settings.maxDigestRounds(), work));
        verifiers.put(HashFamily.REMOTE, new RemoteOnlyVerifier());
        memory = new MemoryBudget(settings.memoryBudgetBytes(), ticker);
        workers =
                BoundedPool.start(
                        "hash", settings.workerThreads(), settings.queueCapacity(), ticker, meters);
        for (Refusal refusal : Refusal.values()) {
            refused.put(
                    refusal,
                    Counter.builder(REFUSED)
                            .description("Password checks refused before hashing")
                            .tag(TAG_REASON, refusal.tag())
                            .register(meters));
        }
        Gauge.builder(MEMORY_RESERVED, memory, MemoryBudget::reservedBytes)
                .description("Heap reserved by the password checks running now")
                .baseUnit("bytes")
                .strongReference(true)
                .register(meters);
    }

    /** A deadline {@code budget} from now on this library's ticker. */
    public Deadline deadlineAfter(Duration budget) {
        return workers.deadlineAfter(budget);
    }

    /** The format the digest text shows, without an override. */
    public Identification identify(String digest) {
        return FormatDetector.identify(requireNonNull(digest, "digest"));
    }

    /** {@link #verify(StoredDigest, String, Deadline)} within {@link #DEFAULT_WAIT}. */
    public CompletableFuture<VerificationResult> verify(StoredDigest stored, String password) {
        return verify(stored, password, deadlineAfter(DEFAULT_WAIT));
    }

    /**
     * Checks the password on a worker thread. The future completes with {@link
     * VerificationResult.Rejected} when the queue is full, when no worker or no memory was free
     * before {@code startBy} (the login has gone on: the password is let go unhashed), or when the
     * digest is too costly.
     */
    public CompletableFuture<VerificationResult> verify(
            StoredDigest stored, String password, Deadline startBy) {
        requireNonNull(stored, "stored");
        requireNonNull(password, "password");
        requireNonNull(startBy, "startBy");
        return workers.submit(() -> check(stored, password, startBy), startBy)
                .exceptionally(e -> shed(e, "password verification"));
    }

    /**
     * Same as {@link #verify} on the calling thread, within the same caps and budget (without
     * waiting for memory); for the CLI, tests and benchmarks.
     */
    VerificationResult verifyNow(StoredDigest stored, String password) {
        return check(stored, password, deadlineAfter(Duration.ZERO));
    }

    private VerificationResult check(StoredDigest stored, String password, Deadline startBy) {
        HashFormat format;
        try {
            format = resolve(stored);
        } catch (UnreadableDigest e) {
            return new VerificationResult.Unsupported(e.getMessage());
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return new VerificationResult.Rejected(
                    format.id()
                            + ": password longer than "
                            + MAX_PASSWORD_BYTES
                            + " bytes, not hashed");
        }
        FormatVerifier verifier = verifiers.get(format.family());
        // Only what was reserved goes back: nothing when sizing the check failed or it did not fit.
        long reserved = 0;
        try {
            long need = verifier.memoryBytes(format, stored);
            CostTooHigh.check("memory bytes", need, settings.checkMemoryLimit());
            if (!memory.reserve(need, startBy)) {
                refused.get(Refusal.MEMORY_BUDGET).increment();
                return new VerificationResult.Rejected(
                        format.id()
                                + ": needs "
                                + need
                                + " bytes of memory; the budget had no room before the deadline");
            }
            reserved = need;
            return verifier.matches(format, stored, password)
                    ? new VerificationResult.Match(format)
                    : new VerificationResult.Mismatch(format);
        } catch (UnreadableDigest e) {
            return new VerificationResult.Unsupported(format.id() + ": " + e.getMessage());
        } catch (CostTooHigh e) {
            refused.get(Refusal.COST).increment();
            return new VerificationResult.Rejected(format.id() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return refusedByLibrary(format);
        } finally {
            memory.release(reserved);
        }
    }

    /** Bouncy Castle's own parameter checks; its messages may quote digest fields. */
    private static VerificationResult refusedByLibrary(HashFormat format) {
        return new VerificationResult.Unsupported(
                format.id() + ": digest parameters refused by the hash library");
    }

    private VerificationResult shed(Throwable error, String what) {
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        if (!(cause instanceof BoundedPool.Shed shed)) {
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        }
        refused.get(Refusal.SHED).increment();
        return new VerificationResult.Rejected(
                switch (shed.reason()) {
                    case QUEUE_FULL -> what + " queue is full";
                    case EXPIRED -> what + " waited past its deadline";
                    case CLOSED -> what + " pool is closed";
                });
    }

    /** The hasher and digest to send Clerk, or why this digest cannot be imported. */
    public ClerkConversion toClerk(StoredDigest stored) {
        requireNonNull(stored, "stored");
        try {
            HashFormat format = resolve(stored);
            return verifiers.get(format.family()).toClerk(format, stored);
        } catch (UnreadableDigest | CostTooHigh e) {
            // A cost Trickle refuses to run is no better for Clerk, which would run it per login.
            return new ClerkConversion.NotImportable(e.getMessage());
        }
    }

    /** A new {@code $2b$} bcrypt digest at {@link #DEFAULT_BCRYPT_COST}, computed on a worker. */
    public CompletableFuture<String> bcryptHash(String password) {
        return bcryptHash(password, DEFAULT_BCRYPT_COST);
    }

    /**
     * A new {@code $2b$} bcrypt digest; fails with {@link BoundedPool.Shed} when the queue is full.
     */
    public CompletableFuture<String> bcryptHash(String password, int cost) {
        requireNonNull(password, "password");
        return workers.submit(() -> bcrypt.hash(password, cost));
    }

    /**
     * A new digest at {@link #DEFAULT_BCRYPT_COST}, unless no worker takes it before {@code
     * startBy}: it then fails with {@link BoundedPool.Shed} and the password is let go unhashed.
     */
    public CompletableFuture<String> bcryptHash(String password, Deadline startBy) {
        requireNonNull(password, "password");
        return workers.submit(() -> bcrypt.hash(password, DEFAULT_BCRYPT_COST), startBy);
    }

    /** The explicit format if given (format id or Clerk hasher name), else the detected one. */
    HashFormat resolve(StoredDigest stored) {
        if (stored.format().isPresent()) {
            String name = stored.format().get();
            return HashFormat.byName(name)
                    .orElseThrow(
                            () ->
                                    new UnreadableDigest(
                                            "unknown format or hasher name '" + name + "'"));
        }
        Identification found = FormatDetector.identify(stored.digest());
        if (found instanceof Identification.Identified identified) {
            return identified.format();
        }
        throw new UnreadableDigest(((Identification.Unrecognised) found).reason());
    }

    @Override
    public void close() {
        workers.close();
    }
}
