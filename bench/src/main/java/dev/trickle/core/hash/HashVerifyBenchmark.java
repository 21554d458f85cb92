package dev.trickle.core.hash;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.mindrot.jbcrypt.BCrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time to verify one password per format on the login path, and the two libraries wherever two
 * implement the same algorithm (bcrypt: Bouncy Castle vs jBCrypt; PBKDF2: JDK vs Bouncy Castle).
 * Guards against a verifier choice or refactoring that makes logins slower than native code
 * (bench/hash-native.py measures python3-bcrypt, argon2-cffi and OpenSSL's PBKDF2 for the ratio).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HashVerifyBenchmark -f 1 -wi 2 -i 3 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HashVerifyBenchmark {
    private static final String PASSWORD = "correct horse battery staple";

    @Param({
        "bcrypt",
        "argon2id",
        "pbkdf2_sha256_django",
        "scrypt_werkzeug",
        "sha512_crypt",
        "phpass",
        "md5_crypt",
        "sha512_symfony",
        "ldap_ssha",
        "md5"
    })
    public String format;

    private PasswordHashes hashes;
    private StoredDigest stored;
    private String bcrypt2b;
    private String bcrypt2a;
    private byte[] salt;

    @Setup(Level.Trial)
    public void setUp() {
        hashes = new PasswordHashes(HashSettings.defaults());
        salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        bcrypt2b = new BcryptVerifier(10, WorkObserver.NONE).hash(PASSWORD, 10);
        bcrypt2a = "$2a$" + bcrypt2b.substring(4);
        stored = StoredDigest.of(digest(format));
        if (!hashes.verifyNow(stored, PASSWORD).matched()) {
            throw new IllegalStateException("benchmark digest does not verify: " + format);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hashes.close();
    }

    /** Through the facade, on the calling thread: parsing, cost checks and hashing. */
    @Benchmark
    public VerificationResult verify() {
        return hashes.verifyNow(stored, PASSWORD);
    }

    @Benchmark
    public boolean bcryptCost10BouncyCastle() {
        return OpenBSDBCrypt.checkPassword(bcrypt2b, PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public boolean bcryptCost10JBCrypt() {
        return BCrypt.checkpw(PASSWORD, bcrypt2a);
    }

    @Benchmark
    public byte[] pbkdf2Sha256600kJdk() {
        return Pbkdf2.derive("SHA256", PASSWORD, salt, 600_000, 32);
    }

    @Benchmark
    public byte[] pbkdf2Sha256600kBouncyCastle() {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(PASSWORD.getBytes(StandardCharsets.UTF_8), salt, 600_000);
        return ((KeyParameter) generator.generateDerivedParameters(256)).getKey();
    }

    private String digest(String name) {
        byte[] pw = PASSWORD.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getEncoder();
        return switch (name) {
            case "bcrypt" -> bcrypt2b;
            case "argon2id" -> argon2id(pw);
            case "pbkdf2_sha256_django" ->
                    "pbkdf2_sha256$600000$0123456789abcdef$"
                            + b64.encodeToString(
                                    Pbkdf2.derive("SHA256", PASSWORD, salt, 600_000, 32));
            case "scrypt_werkzeug" ->
                    "scrypt:32768:8:1$0123456789abcdef$"
                            + DigestFields.toHex(
                                    org.bouncycastle.crypto.generators.SCrypt.generate(
                                            pw, salt, 32768, 8, 1, 64));
            // Produced by passlib (sha512_crypt, phpass) and mkpasswd (md5crypt) for PASSWORD.
            case "sha512_crypt" ->
                    "$6$aJzI1La31VVWFm3z$LgagQabFVP0UPVPjJeaqKzpy9OVjBCSiNGi8nd3g/uUY5R3q/y/eW6qu/qeYOt6udbKfD1mDYSnypqXiajNSE0";
            case "phpass" -> "$P$BPPrPczbacVPuNx5PviQ05o1ugK4rg0";
            case "md5_crypt" -> "$1$imfgryAF$6/j./Gx0ZzA8SluspAPMF.";
            case "sha512_symfony" -> symfony(pw);
            case "ldap_ssha" -> ldapSsha(pw);
            case "md5" -> DigestFields.toHex(Digests.digest("MD5", pw));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
    private String argon2id(byte[] pw) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(
                new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(19456)
                        .withIterations(2)
                        .withParallelism(1)
                        .withSalt(salt)
                        .build());
        byte[] hash = new byte[32];
        generator.generateBytes(pw, hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=19456,t=2,p=1$"
                + b64.encodeToString(salt)
                + "$"
                + b64.encodeToString(hash);
    }

    private String symfony(byte[] pw) {
        byte[] salted =
                DigestFields.concat(pw, "{0123456789abcdef}".getBytes(StandardCharsets.UTF_8));
        java.security.MessageDigest md = Digests.of("SHA-512");
        byte[] d = md.digest(salted);
        for (int i = 1; i < 5000; i++) {
            md.update(d);
            d = md.digest(salted);
        }
        return "sha512_symfony$5000$0123456789abcdef$" + Base64.getEncoder().encodeToString(d);
    }

    private String ldapSsha(byte[] pw) {
        byte[] hash = Digests.digest("SHA-1", pw, salt);
        return "{SSHA}" + Base64.getEncoder().encodeToString(DigestFields.concat(hash, salt));
    }
}
