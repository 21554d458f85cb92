package dev.trickle.core.hash;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The password hash library's entry point: identify a digest, verify a password against it on a
 * bounded pool of worker threads, convert it for Clerk's import, and hash a password with bcrypt.
 * Close it to stop the workers.
 */
public final class PasswordHashes implements AutoCloseable {
    /** Clerk's own cost for passwords it hashes; about 70 ms per hash on one core. */
    public static final int DEFAULT_BCRYPT_COST = 10;

    /**
     * Longer passwords are refused before hashing. SHA-crypt hashes the password once per password
     * byte (quadratic: a 64 KiB password cost 21 s against {@code $6$} at 5 000 rounds) and the
     * other iterated formats once per round, so the round limits only bound the work for passwords
     * of sane length. 4 096 bytes is passlib's limit; bcrypt reads only the first 72 anyway.
     */
    public static final int MAX_PASSWORD_BYTES = 4096;

    private final Map<HashFamily, FormatVerifier> verifiers = new EnumMap<>(HashFamily.class);
    private final BcryptVerifier bcrypt;
    private final ThreadPoolExecutor workers;

    public PasswordHashes(HashSettings settings) {
        this(settings, WorkObserver.NONE);
    }

    /** With a witness of every computation's cost parameters (the fuzz tests'). */
    PasswordHashes(HashSettings settings, WorkObserver work) {
        requireNonNull(settings, "settings");
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
        workers =
                new ThreadPoolExecutor(
                        settings.workerThreads(),
                        settings.workerThreads(),
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(settings.queueCapacity()),
                        daemonThreads());
    }

    /** The format the digest text shows, without an override. */
    public Identification identify(String digest) {
        return FormatDetector.identify(requireNonNull(digest, "digest"));
    }

    /**
     * Checks the password on a worker thread. The future completes with {@link
     * VerificationResult.Rejected} at once when the queue is full or the digest is too costly.
     */
    public CompletableFuture<VerificationResult> verify(StoredDigest stored, String password) {
        requireNonNull(stored, "stored");
        requireNonNull(password, "password");
        try {
            return CompletableFuture.supplyAsync(() -> verifyNow(stored, password), workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    new VerificationResult.Rejected("password verification queue is full"));
        }
    }

    /** Same as {@link #verify} on the calling thread; for the CLI, tests and benchmarks. */
    VerificationResult verifyNow(StoredDigest stored, String password) {
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
        try {
            return verifier.matches(format, stored, password)
                    ? new VerificationResult.Match(format)
                    : new VerificationResult.Mismatch(format);
        } catch (UnreadableDigest e) {
            return new VerificationResult.Unsupported(format.id() + ": " + e.getMessage());
        } catch (CostTooHigh e) {
            return new VerificationResult.Rejected(format.id() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Bouncy Castle's own parameter checks; its messages may quote digest fields.
            return new VerificationResult.Unsupported(
                    format.id() + ": digest parameters refused by the hash library");
        }
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
     * A new {@code $2b$} bcrypt digest; fails with {@link RejectedExecutionException} when full.
     */
    public CompletableFuture<String> bcryptHash(String password, int cost) {
        requireNonNull(password, "password");
        try {
            return CompletableFuture.supplyAsync(() -> bcrypt.hash(password, cost), workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
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
        workers.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "trickle-hash-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
