package dev.trickle.core.hash;

import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 PHC strings ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}), as PHP's {@code
 * password_hash}, argon2-cffi and libsodium write them, and Django's copy prefixed with {@code
 * argon2}. A string without {@code v=} is version 1.0 (0x10), as in the reference code.
 */
final class Argon2Verifier implements FormatVerifier {
    private static final String DJANGO_PREFIX = "argon2$";

    /**
     * One block: 1 KiB of data in a long[128], its array header (16 bytes) and the object holding
     * it (16 bytes, 24 without compressed references).
     */
    private static final long BLOCK_BYTES = 1024 + 40;

    private final HashSettings limits;
    private final WorkObserver work;

    Argon2Verifier(HashSettings limits, WorkObserver work) {
        this.limits = limits;
        this.work = work;
    }

    private record Parsed(
            HashFormat variant,
            int version,
            int memoryKib,
            int iterations,
            int lanes,
            byte[] salt,
            byte[] hash) {}

    @Override
    public boolean matches(HashFormat format, StoredDigest stored, String password) {
        Parsed p = parse(format, stored.digest());
        CostTooHigh.check("argon2 memory KiB", p.memoryKib(), limits.maxArgon2MemoryKib());
        CostTooHigh.check("argon2 iterations", p.iterations(), limits.maxArgon2Iterations());
        CostTooHigh.check("argon2 parallelism", p.lanes(), limits.maxArgon2Parallelism());
        if (p.memoryKib() < 8 * p.lanes()) {
            throw new UnreadableDigest("argon2 memory must be at least 8 KiB per lane");
        }
        Argon2Parameters params =
                new Argon2Parameters.Builder(type(p.variant()))
                        .withVersion(p.version())
                        .withMemoryAsKB(p.memoryKib())
                        .withIterations(p.iterations())
                        .withParallelism(p.lanes())
                        .withSalt(p.salt())
                        .build();
        work.computing("argon2 memory KiB", params.getMemory());
        work.computing("argon2 iterations", params.getIterations());
        work.computing("argon2 parallelism", params.getLanes());
        work.computing("derived key bytes", p.hash().length);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] actual = new byte[p.hash().length];
        generator.generateBytes(DigestFields.utf8(password), actual);
        return MessageDigest.isEqual(actual, p.hash());
    }

    /**
     * The memory matrix: m KiB blocks, rounded down to a multiple of 4 lanes' segments and at least
     * 8 per lane, as the algorithm lays it out; each 1 KiB block is an object in Bouncy Castle.
     */
    @Override
    public long memoryBytes(HashFormat format, StoredDigest stored) {
        Parsed p = parse(format, stored.digest());
        long lanes = p.lanes();
        long blocks = Math.max(p.memoryKib(), 8 * lanes) / (4 * lanes) * (4 * lanes);
        return blocks * BLOCK_BYTES;
    }

    @Override
    public ClerkConversion toClerk(HashFormat format, StoredDigest stored) {
        Parsed p = parse(format, stored.digest());
        String phc =
                format == HashFormat.ARGON2_DJANGO
                        ? stored.digest().substring(DJANGO_PREFIX.length() - 1)
                        : stored.digest();
        return switch (p.variant()) {
            case ARGON2I -> new ClerkConversion.ClerkDigest("argon2i", phc);
            case ARGON2ID -> new ClerkConversion.ClerkDigest("argon2id", phc);
            default -> new ClerkConversion.NotImportable("Clerk has no argon2d hasher");
        };
    }

    private static Parsed parse(HashFormat format, String digest) {
        String phc = digest;
        if (format == HashFormat.ARGON2_DJANGO) {
            if (!digest.startsWith(DJANGO_PREFIX)) {
                throw new UnreadableDigest("expected prefix argon2$");
            }
            phc = digest.substring(DJANGO_PREFIX.length() - 1);
        }
        String[] f = phc.split("\\$", -1);
        boolean versioned = f.length == 6;
        if ((f.length != 5 && !versioned) || !f[0].isEmpty()) {
            throw new UnreadableDigest("expected $argon2<type>$v=19$m=..,t=..,p=..$salt$hash");
        }
        HashFormat variant =
                switch (f[1]) {
                    case "argon2i" -> HashFormat.ARGON2I;
                    case "argon2id" -> HashFormat.ARGON2ID;
                    case "argon2d" -> HashFormat.ARGON2D;
                    default ->
                            throw new UnreadableDigest(
                                    "argon2 type must be argon2i, argon2id or argon2d");
                };
        if (format != HashFormat.ARGON2_DJANGO && format != variant) {
            throw new UnreadableDigest("digest is " + variant.id() + ", not " + format.id());
        }
        int version = Argon2Parameters.ARGON2_VERSION_10;
        if (versioned) {
            version =
                    switch (f[2]) {
                        case "v=19" -> Argon2Parameters.ARGON2_VERSION_13;
                        case "v=16" -> Argon2Parameters.ARGON2_VERSION_10;
                        default ->
                                throw new UnreadableDigest("argon2 version must be v=19 or v=16");
                    };
        }
        String[] costs = f[versioned ? 3 : 2].split(",", -1);
        if (costs.length != 3
                || !costs[0].startsWith("m=")
                || !costs[1].startsWith("t=")
                || !costs[2].startsWith("p=")) {
            throw new UnreadableDigest("expected m=<KiB>,t=<iterations>,p=<lanes>");
        }
        byte[] salt = DigestFields.base64(f[versioned ? 4 : 3], "salt");
        if (salt.length < 8) {
            throw new UnreadableDigest("argon2 salt shorter than 8 bytes");
        }
        byte[] hash =
                DigestFields.checkHashLength(DigestFields.base64(f[versioned ? 5 : 4], "hash"));
        if (hash.length < 4) {
            throw new UnreadableDigest("argon2 hash shorter than 4 bytes");
        }
        return new Parsed(
                variant,
                version,
                DigestFields.positiveInt(costs[0].substring(2), "m"),
                DigestFields.positiveInt(costs[1].substring(2), "t"),
                DigestFields.positiveInt(costs[2].substring(2), "p"),
                salt,
                hash);
    }

    private static int type(HashFormat variant) {
        return switch (variant) {
            case ARGON2I -> Argon2Parameters.ARGON2_i;
            case ARGON2D -> Argon2Parameters.ARGON2_d;
            default -> Argon2Parameters.ARGON2_id;
        };
    }
}
