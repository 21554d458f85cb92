package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The final report of a run: a count per result (zeros included, so scripts can rely on every key),
 * the reasons behind each, how created users got their password, and the run's pace.
 */
public final class ImportReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<ImportResult> REAL_RUN =
            EnumSet.of(
                    ImportResult.CREATED,
                    ImportResult.LINKED,
                    ImportResult.ALREADY_PRESENT,
                    ImportResult.SKIPPED,
                    ImportResult.CONFLICT,
                    ImportResult.FAILED,
                    ImportResult.DEFERRED,
                    ImportResult.INVALID);

    private static final Set<ImportResult> DRY_RUN =
            EnumSet.of(
                    ImportResult.WOULD_CREATE,
                    ImportResult.WOULD_LINK,
                    ImportResult.ALREADY_PRESENT,
                    ImportResult.WOULD_CONFLICT,
                    ImportResult.SKIPPED,
                    ImportResult.UNASSESSED,
                    ImportResult.INVALID);

    private final ImportTally tally;
    private final boolean dryRun;
    private final String source;
    private final Map<String, Long> clerkRequests;

    /**
     * @param clerkRequests HTTP requests sent to the target Clerk instance, by operation (and
     *     {@code rate_limited}: answers that were 429s)
     */
    public ImportReport(
            ImportTally tally, boolean dryRun, String source, Map<String, Long> clerkRequests) {
        this.tally = tally;
        this.dryRun = dryRun;
        this.source = source;
        this.clerkRequests = Map.copyOf(clerkRequests);
    }

    private Set<ImportResult> shown() {
        return dryRun ? DRY_RUN : REAL_RUN;
    }

    public ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("source", source);
        out.put("dry_run", dryRun);
        out.put("rows", tally.done());
        for (ImportResult r : shown()) {
            out.put(r.key(), tally.count(r));
        }
        ObjectNode reasons = out.putObject("reasons");
        for (ImportResult r : shown()) {
            Map<String, Long> byReason = tally.reasons(r);
            if (!byReason.isEmpty()) {
                ObjectNode node = reasons.putObject(r.key());
                byReason.forEach(node::put);
            }
        }
        ObjectNode passwords = out.putObject("passwords");
        tally.passwords().forEach(passwords::put);
        ObjectNode requests = out.putObject("clerk_requests");
        new java.util.TreeMap<>(clerkRequests).forEach(requests::put);
        double seconds = tally.elapsedNanos() / 1e9;
        out.put("elapsed_seconds", Math.round(seconds * 1000) / 1000.0);
        out.put("users_per_second", Math.round(tally.done() / Math.max(seconds, 1e-9) * 10) / 10.0);
        return out;
    }

    /** The same, for people: one line per non-zero count, its reasons indented below. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(dryRun ? "dry run of " : "import of ")
                .append(source)
                .append(": ")
                .append(tally.done())
                .append(" rows in ")
                .append(String.format(Locale.ROOT, "%.1f s", tally.elapsedNanos() / 1e9))
                .append('\n');
        for (ImportResult r : shown()) {
            long n = tally.count(r);
            if (n == 0) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "  %-16s %d%n", r.key().replace('_', ' '), n));
            tally.reasons(r)
                    .forEach(
                            (reason, count) ->
                                    out.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    "      %-30s %d%n",
                                                    reason,
                                                    count)));
        }
        Map<String, Long> passwords = tally.passwords();
        if (!passwords.isEmpty()) {
            out.append("  passwords        ");
            passwords.forEach((k, v) -> out.append(k).append(' ').append(v).append("  "));
            out.append('\n');
        }
        if (!clerkRequests.isEmpty()) {
            out.append("  clerk requests   ");
            new java.util.TreeMap<>(clerkRequests)
                    .forEach((k, v) -> out.append(k).append(' ').append(v).append("  "));
            out.append('\n');
        }
        return out.toString();
    }

    /** Whether every row was settled as intended: nothing invalid, failed, stuck or in conflict. */
    public boolean clean() {
        return tally.count(ImportResult.INVALID) == 0
                && tally.count(ImportResult.FAILED) == 0
                && tally.count(ImportResult.DEFERRED) == 0
                && tally.count(ImportResult.CONFLICT) == 0
                && tally.count(ImportResult.UNASSESSED) == 0
                && tally.count(ImportResult.WOULD_CONFLICT) == 0;
    }
}
