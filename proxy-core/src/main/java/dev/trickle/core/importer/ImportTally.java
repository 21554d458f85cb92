package dev.trickle.core.importer;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts rows by result and reason as they finish, from any thread; read at any time for the
 * progress line and once at the end for the report.
 */
public final class ImportTally {
    private final Map<ImportResult, LongAdder> results = new EnumMap<>(ImportResult.class);
    private final Map<ImportResult, Map<String, LongAdder>> reasons =
            new EnumMap<>(ImportResult.class);
    private final Map<String, LongAdder> passwords = new ConcurrentHashMap<>();
    private final LongAdder done = new LongAdder();
    private final long startedNanos = System.nanoTime();
    private volatile OptionalLong total = OptionalLong.empty();

    public ImportTally() {
        for (ImportResult r : ImportResult.values()) {
            results.put(r, new LongAdder());
            reasons.put(r, new ConcurrentHashMap<>());
        }
    }

    void count(ImportResult result, String reason) {
        results.get(result).increment();
        if (reason != null) {
            reasons.get(result).computeIfAbsent(reason, r -> new LongAdder()).increment();
        }
        done.increment();
    }

    /** How a created (or would-be created) user's password went: {@code digest} or {@code none}. */
    void password(String kind) {
        passwords.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void total(long rows) {
        total = OptionalLong.of(rows);
    }

    public OptionalLong total() {
        return total;
    }

    /** Rows finished (every result, invalid ones too). */
    public long done() {
        return done.sum();
    }

    public long count(ImportResult result) {
        return results.get(result).sum();
    }

    public Map<String, Long> reasons(ImportResult result) {
        Map<String, Long> out = new TreeMap<>();
        reasons.get(result).forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, Long> passwords() {
        Map<String, Long> out = new TreeMap<>();
        passwords.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }
}
