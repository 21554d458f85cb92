package dev.trickle.core.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of what a tool found, by kind, each with the first few items as examples: counts are exact
 * however many there are, while memory holds at most {@code listed} items per kind.
 */
public final class Findings {
    /** One kind's count and its first items, each a small map of named fields. */
    public record Tally(long count, List<Map<String, String>> items) {}

    private final int listed;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<Map<String, String>>> items = new LinkedHashMap<>();

    public Findings(int listed) {
        if (listed < 0) {
            throw new IllegalArgumentException("listed: " + listed + " (expected: >= 0)");
        }
        this.listed = listed;
    }

    /** Makes {@code kind} appear in the report with a count of zero until something is added. */
    void declare(String kind) {
        counts.putIfAbsent(kind, 0L);
        items.putIfAbsent(kind, new ArrayList<>());
    }

    void add(String kind, Map<String, String> item) {
        declare(kind);
        counts.merge(kind, 1L, Long::sum);
        List<Map<String, String>> kept = items.get(kind);
        if (kept.size() < listed) {
            kept.add(item);
        }
    }

    public long count(String kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** Every declared kind in the order first seen. */
    public Map<String, Tally> tallies() {
        Map<String, Tally> out = new LinkedHashMap<>();
        counts.forEach(
                (kind, count) -> out.put(kind, new Tally(count, List.copyOf(items.get(kind)))));
        return out;
    }
}
